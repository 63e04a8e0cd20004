// What the results table shows: rows filtered by verdict, agreement with the expected label, probability range
// and a text search, then sorted. Pure, so the table and the export of "what the table shows" agree.
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';
import type { BatchItem } from '../../../classify/batch/items';
import { predictedLabel } from '../../../classify/batch/labels';

export type Agreement = 'all' | 'agrees' | 'differs' | 'unlabelled';
export type SortKey = 'row' | 'id' | 'verdict' | 'probability' | 'expected';

export interface ResultFilter {
  /** 'all', 'pending', 'error', 'inconclusive' or a label on the format's scale ("1", "0", "SP2"). */
  verdict: string;
  agreement: Agreement;
  minProbability: number;
  maxProbability: number;
  search: string;
  sort: SortKey;
  descending: boolean;
}

export const NO_FILTER: ResultFilter = { verdict: 'all', agreement: 'all', minProbability: 0, maxProbability: 1, search: '', sort: 'row', descending: false };

export interface TableRow {
  item: BatchItem;
  result: ItemResult | undefined;
  /** The verdict on the label scale; null when inconclusive, undefined when not classified (pending or error). */
  predicted: string | null | undefined;
}

export function tableRows(run: BatchRun, results: ReadonlyMap<number, ItemResult>): TableRow[] {
  return run.items.map((item) => {
    const result = results.get(item.row);
    const predicted = result?.status === 'done' && result.verdict ? predictedLabel(result.verdict, run.settings.format) : undefined;
    return { item, result, predicted };
  });
}

function verdictKey(row: TableRow): string {
  if (!row.result) return 'pending';
  if (row.result.status === 'error') return 'error';
  return row.predicted ?? 'inconclusive';
}

export function agreementOf(row: TableRow): Exclude<Agreement, 'all'> | null {
  if (row.item.expected === null) return 'unlabelled';
  if (row.predicted === undefined || row.predicted === null) return null; // not classified, or inconclusive
  return row.predicted === row.item.expected ? 'agrees' : 'differs';
}

export function filterRows(rows: TableRow[], f: ResultFilter): TableRow[] {
  const needle = f.search.trim().toLowerCase();
  const probabilityFiltered = f.minProbability > 0 || f.maxProbability < 1;
  const kept = rows.filter((row) => {
    if (f.verdict !== 'all' && verdictKey(row) !== f.verdict) return false;
    if (f.agreement !== 'all' && agreementOf(row) !== f.agreement) return false;
    if (probabilityFiltered) {
      const p = row.result?.probability;
      if (p === null || p === undefined || p < f.minProbability || p > f.maxProbability) return false;
    }
    if (needle && !`${row.item.id}\n${row.item.text}\n${row.result?.verdict?.rationale ?? ''}`.toLowerCase().includes(needle)) return false;
    return true;
  });
  const value = (row: TableRow): string | number => {
    switch (f.sort) {
      case 'row': return row.item.row;
      case 'id': return row.item.id;
      case 'verdict': return verdictKey(row);
      case 'probability': return row.result?.probability ?? -1;
      case 'expected': return row.item.expected ?? '';
    }
  };
  const sign = f.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return sign * order || a.item.row - b.item.row;
  });
}
