// A run's results as evaluation outcomes and metrics, and the one-object summary the CLI prints.
import type { BatchRun, ItemResult } from './batch-job';
import { labelSpace } from './labels';
import { binaryMetrics, labelMetrics, type BinaryMetrics, type LabelMetrics, type Outcome } from './metrics';
import { outcomeOf } from './outcome';

/** The outcome of every classified row, keyed by row. */
export function outcomes(run: BatchRun, results: ReadonlyMap<number, ItemResult>): Map<number, Outcome> {
  const out = new Map<number, Outcome>();
  for (const item of run.items) {
    const r = results.get(item.row);
    if (r?.status === 'done' && r.verdict) out.set(item.row, outcomeOf(item.expected, r.verdict, r.probability, run.settings.format));
  }
  return out;
}

/** Metrics over the labelled rows; null when the batch has no label column. */
export function evaluate(run: BatchRun, outcomeList: Outcome[]): BinaryMetrics | LabelMetrics | null {
  if (!run.source.columns.label) return null;
  const { format } = run.settings;
  return format.kind === 'labels' ? labelMetrics(outcomeList, labelSpace(format)) : binaryMetrics(outcomeList);
}

export interface BatchSummary {
  items: number;
  classified: number;
  errors: { row: number; reason: string }[];
  metrics?: BinaryMetrics | LabelMetrics;
}

export function batchSummary(run: BatchRun, results: ReadonlyMap<number, ItemResult>): BatchSummary {
  const errors = run.items.flatMap((item) => {
    const r = results.get(item.row);
    return r?.status === 'error' ? [{ row: item.row, reason: r.error ?? 'not classified' }] : [];
  });
  const classified = run.items.filter((item) => results.get(item.row)?.status === 'done').length;
  const metrics = evaluate(run, [...outcomes(run, results).values()]);
  return { items: run.items.length, classified, errors, ...(metrics ? { metrics } : {}) };
}
