// Label-set output: the model writes one of the labels the policy declares (e.g. SP0..SP4).
import { inconclusive, type AnswerText, type Verdict } from '../verdict';

export const labelsSection = (heading: string, labels: readonly string[]) =>
  [heading, `Return exactly one of these labels and nothing else: ${labels.join(', ')}.`].join('\n');

/** The labels a section written by labelsSection() declares, or null. */
export function labelsOfSection(section: string): string[] | null {
  const m = /^Return exactly one of these labels and nothing else: (.+)\.$/m.exec(section);
  return m ? m[1].split(',').map((l) => l.trim()).filter(Boolean) : null;
}

export function parseLabels({ answer, text, lead }: AnswerText, labels: readonly string[], problems: string[]): Verdict {
  const found = labels
    .map((label) => ({ label, match: new RegExp(`(?<![\\w])${escapeRegExp(label)}(?![\\w])`).exec(text) }))
    .filter((f) => f.match !== null);
  if (found.length === 1) {
    const { label, match } = found[0];
    if (text !== label) problems.push(`expected only the label, got ${JSON.stringify(text.slice(0, 80))}`);
    return { ...inconclusive(answer, problems), label, valueSpan: [lead + match!.index, lead + match!.index + label.length] };
  }
  const names = found.map((f) => f.label);
  problems.push(names.length === 0 ? `none of the labels ${labels.join(', ')} in ${JSON.stringify(text.slice(0, 80))}` : `several labels in the answer: ${names.join(', ')}`);
  return inconclusive(answer, problems);
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
