// A/B: two runs over the same items (two policies, or two versions of one): both runs' metrics and the items
// whose verdict flipped between them.
import type { BatchRun, ItemResult } from './batch-job';
import { evaluate, outcomes } from './evaluate';
import { predictedLabel } from './labels';
import type { BinaryMetrics, LabelMetrics } from './metrics';

export interface Flip {
  row: number;
  id: string;
  text: string;
  expected: string | null;
  /** Each run's verdict on its label scale; null = inconclusive, 'error' = not classified. */
  a: string | null;
  b: string | null;
}

export interface Comparison {
  metricsA: BinaryMetrics | LabelMetrics | null;
  metricsB: BinaryMetrics | LabelMetrics | null;
  /** Rows both runs have finished. */
  compared: number;
  flips: Flip[];
}

/** Whether two runs classified the same items (same rows with the same texts), so they can be compared. */
export function sameItems(a: BatchRun, b: BatchRun): boolean {
  return a.items.length === b.items.length && a.items.every((item, i) => item.row === b.items[i].row && item.text === b.items[i].text);
}

export function compareRuns(a: BatchRun, resultsA: ReadonlyMap<number, ItemResult>, b: BatchRun, resultsB: ReadonlyMap<number, ItemResult>): Comparison {
  if (!sameItems(a, b)) throw new Error('These two batches did not classify the same items: compare runs made from the same file.');
  const verdictOf = (run: BatchRun, r: ItemResult | undefined) => (r?.status === 'done' && r.verdict ? predictedLabel(r.verdict, run.settings.format) : 'error');
  let compared = 0;
  const flips: Flip[] = [];
  for (const item of a.items) {
    const ra = resultsA.get(item.row);
    const rb = resultsB.get(item.row);
    if (!ra || !rb) continue;
    compared++;
    const va = verdictOf(a, ra);
    const vb = verdictOf(b, rb);
    if (va !== vb) flips.push({ row: item.row, id: item.id, text: item.text, expected: item.expected, a: va, b: vb });
  }
  const onCompared = (run: BatchRun, results: ReadonlyMap<number, ItemResult>, other: ReadonlyMap<number, ItemResult>) =>
    evaluate(run, [...outcomes(run, results)].filter(([row]) => other.has(row)).map(([, o]) => o));
  return { metricsA: onCompared(a, resultsA, resultsB), metricsB: onCompared(b, resultsB, resultsA), compared, flips };
}
