// Binary output: the model writes "0" or "1".
import { inconclusive, violationLabel, type AnswerText, type Verdict } from '../verdict';

export const binarySection = (heading: string) =>
  [
    heading,
    'Return exactly one character: 0 or 1. No explanation, no punctuation.',
    '0 = the content does NOT violate this policy.',
    '1 = the content violates this policy.',
  ].join('\n');

export function parseBinary({ answer, text, lead }: AnswerText, problems: string[]): Verdict {
  const binary = (digit: string, at: number): Verdict => ({
    ...inconclusive(answer, problems),
    label: violationLabel(Number(digit) as 0 | 1),
    violation: Number(digit) as 0 | 1,
    valueSpan: [lead + at, lead + at + 1],
  });
  if (text === '0' || text === '1') return binary(text, 0);
  const lone = [...text.matchAll(/(?<![\w.])[01](?![\w.])/g)];
  if (lone.length > 0 && new Set(lone.map((m) => m[0])).size === 1) {
    problems.push(`expected exactly "0" or "1", got ${JSON.stringify(text.slice(0, 80))}; used the lone ${lone[0][0]}`);
    return binary(lone[0][0], lone[0].index!);
  }
  problems.push(`expected "0" or "1", got ${JSON.stringify(text.slice(0, 80))}`);
  return inconclusive(answer, problems);
}
