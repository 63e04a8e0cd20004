// A batch's results as files someone can audit later: one record per row with the verdict, the reviewer's
// override and everything that produced the verdict (policy hash and name, effort, format, model, date).
// CSV goes through papaparse's unparse, which quotes fields with commas, quotes and newlines correctly.
import Papa from 'papaparse';
import { formatName } from '../formats/output-format';
import type { BatchRun, ItemResult } from './batch-job';
import { labelText, predictedLabel } from './labels';

export interface ExportRecord {
  id: string;
  row: number;
  text: string;
  /** What the table shows: violation, no violation, a label, inconclusive, or error. */
  verdict: string;
  /** The verdict on the label scale: "1" / "0" (binary, JSON) or the policy's label; null when inconclusive. */
  label: string | null;
  violation: 0 | 1 | null;
  probability: number | null;
  rule_ids: string[];
  rationale: string | null;
  reasoning?: string;
  expected_label: string | null;
  override: string | null;
  note: string | null;
  error: string | null;
  policy_hash: string;
  policy_name: string;
  effort: string;
  format: string;
  model_id: string;
  model_revision: string | null;
  date: string;
}

export const EXPORT_COLUMNS: (keyof ExportRecord)[] = [
  'id', 'row', 'text', 'verdict', 'label', 'violation', 'probability', 'rule_ids', 'rationale', 'reasoning', 'expected_label',
  'override', 'note', 'error', 'policy_hash', 'policy_name', 'effort', 'format', 'model_id', 'model_revision', 'date',
];

/** The verdict column's text for a result (or a row not yet classified: null). */
export function verdictText(result: ItemResult | undefined, run: Pick<BatchRun, 'settings'>): string | null {
  if (!result) return null;
  if (result.status === 'error' || !result.verdict) return 'error';
  return labelText(predictedLabel(result.verdict, run.settings.format), run.settings.format);
}

/** Records for every row that has a result, in row order. */
export function exportRecords(run: BatchRun, results: ReadonlyMap<number, ItemResult>, { reasoning = false } = {}): ExportRecord[] {
  const { settings } = run;
  return run.items.flatMap((item) => {
    const r = results.get(item.row);
    if (!r) return [];
    const v = r.verdict;
    const record: ExportRecord = {
      id: item.id, row: item.row, text: item.text, verdict: verdictText(r, run)!, label: v ? predictedLabel(v, settings.format) : null,
      violation: v?.violation ?? null, probability: r.probability, rule_ids: v?.ruleIds ?? [], rationale: v?.rationale ?? null,
      ...(reasoning ? { reasoning: r.reasoning } : {}), expected_label: item.expected, override: r.override, note: r.note, error: r.error, policy_hash: settings.policy.hash,
      policy_name: settings.policy.name, effort: settings.effort, format: formatName(settings.format), model_id: settings.model.id,
      model_revision: settings.model.revision, date: settings.date,
    };
    return [record];
  });
}

export const toJsonl = (records: ExportRecord[]) => records.map((r) => JSON.stringify(r) + '\n').join('');

export function toCsv(records: ExportRecord[]): string {
  const columns = EXPORT_COLUMNS.filter((c) => c !== 'reasoning' || records.some((r) => 'reasoning' in r));
  const rows = records.map((r) => columns.map((c) => {
    const value = r[c];
    return Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
  }));
  // escapeFormulae: user content starting with = + - @ would run as a formula when the file is opened in a
  // spreadsheet (CSV injection); papaparse prefixes such cells with a quote.
  return Papa.unparse({ fields: columns as string[], data: rows }, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}
