// Expected labels (from a golden set) and predicted labels on one scale, so they can be compared. Binary and JSON
// formats compare "1" (violation, the positive class) with "0"; a label format compares the policy's labels.
import type { OutputFormat } from '../formats/output-format';
import type { Verdict } from '../verdict';

const POSITIVE = ['1', 'violation', 'violating', 'true', 'yes', 'positive', 'unsafe'];
const NEGATIVE = ['0', 'no violation', 'non-violation', 'not violation', 'none', 'false', 'no', 'negative', 'safe'];

/** The labels a format's verdicts take, in display order. */
export function labelSpace(format: OutputFormat): string[] {
  return format.kind === 'labels' ? format.labels : ['1', '0'];
}

/** An expected label written in a golden set, on the format's scale; null for an empty cell; Error when unreadable. */
export function readExpectedLabel(value: unknown, format: OutputFormat): string | null | Error {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value !== 'string' && typeof value !== 'number') return new Error(`the expected label is ${JSON.stringify(value)}, not a label`);
  const text = String(value).trim();
  if (text === '') return null;
  const lower = text.toLowerCase();
  if (format.kind === 'labels') {
    const label = format.labels.find((l) => l.toLowerCase() === lower);
    return label ?? new Error(`the expected label "${text}" is not one of ${format.labels.join(', ')}`);
  }
  if (POSITIVE.includes(lower)) return '1';
  if (NEGATIVE.includes(lower)) return '0';
  return new Error(`the expected label "${text}" is not 0 or 1 (or violation / no violation)`);
}

/** The verdict on the same scale as readExpectedLabel; null when inconclusive. */
export function predictedLabel(verdict: Verdict, format: OutputFormat): string | null {
  if (format.kind === 'labels') return verdict.label === 'inconclusive' ? null : verdict.label;
  return verdict.violation === null ? null : String(verdict.violation);
}

/** Display text of a label on this scale. */
export function labelText(label: string | null, format: OutputFormat): string {
  if (label === null) return 'inconclusive';
  if (format.kind === 'labels') return label;
  return label === '1' ? 'violation' : 'no violation';
}
