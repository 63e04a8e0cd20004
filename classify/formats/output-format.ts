// The output formats a policy can ask for. Each format module owns both the "## OUTPUT FORMAT" text it writes
// into the policy and the parser of the answer, so what the model is asked for and how its answer is read
// always agree. The app's format selector rewrites that section; the text sent is exactly the text shown.
import type { AnswerText, Verdict } from '../verdict';
import { binarySection, parseBinary } from './binary';
import { jsonSection, parseJson } from './json';
import { labelsOfSection, labelsSection, parseLabels } from './labels';

export type OutputFormat = { kind: 'binary' } | { kind: 'json' } | { kind: 'labels'; labels: string[] };

/** The formats the app's selector offers by name. */
export type PolicyOutputFormat = 'binary' | 'json';

const HEADING = '## OUTPUT FORMAT';

interface FormatModule {
  section(): string;
  parse(answer: AnswerText, problems: string[]): Verdict;
}

export function formatModule(format: OutputFormat): FormatModule {
  switch (format.kind) {
    case 'binary':
      return { section: () => binarySection(HEADING), parse: parseBinary };
    case 'json':
      return { section: () => jsonSection(HEADING), parse: parseJson };
    case 'labels':
      return { section: () => labelsSection(HEADING, format.labels), parse: (a, p) => parseLabels(a, format.labels, p) };
  }
}

export const OUTPUT_FORMAT_SECTIONS: Record<PolicyOutputFormat, string> = {
  binary: binarySection(HEADING),
  json: jsonSection(HEADING),
};

/** "binary", "json" or "labels:A,B" (the CLI's --format) as a format. */
export function parseFormatName(text: string): OutputFormat | null {
  if (text === 'binary' || text === 'json') return { kind: text };
  const m = /^labels:(.+)$/.exec(text);
  const labels = m ? m[1].split(',').map((l) => l.trim()).filter(Boolean) : [];
  return labels.length ? { kind: 'labels', labels } : null;
}

export const formatName = (f: OutputFormat) => (f.kind === 'labels' ? `labels:${f.labels.join(',')}` : f.kind);

/** [start, end) of the OUTPUT FORMAT section (heading to the next "## " heading or the end), or null. */
function sectionSpan(policy: string): [number, number] | null {
  const heading = /^## OUTPUT FORMAT[^\n]*$/m.exec(policy);
  if (!heading) return null;
  const next = /^## /m.exec(policy.slice(heading.index + heading[0].length));
  return [heading.index, next ? heading.index + heading[0].length + next.index : policy.length];
}

/** Which of our formats the policy's OUTPUT FORMAT section asks for; null when it has none or its own wording. */
export function outputFormatOf(policy: string): OutputFormat | null {
  const span = sectionSpan(policy);
  if (!span) return null;
  const section = policy.slice(...span).trim();
  if (section === OUTPUT_FORMAT_SECTIONS.binary) return { kind: 'binary' };
  if (section === OUTPUT_FORMAT_SECTIONS.json) return { kind: 'json' };
  const labels = labelsOfSection(section);
  return labels && section === labelsSection(HEADING, labels) ? { kind: 'labels', labels } : null;
}

/** The policy with its OUTPUT FORMAT section replaced by (or, when missing, followed by) the given format's. */
export function withOutputFormat(policy: string, format: OutputFormat): string {
  const section = formatModule(format).section();
  const span = sectionSpan(policy);
  if (!span) return `${policy.trimEnd()}\n\n${section}\n`;
  const after = policy.slice(span[1]);
  return `${policy.slice(0, span[0])}${section}\n${after ? `\n${after}` : ''}`;
}
