// Evaluation of a run against a golden set. Binary (and JSON) verdicts: "1" = violation is the positive class,
// the usual precision / recall / F1 and a 2×2 confusion matrix. A label format: accuracy, macro-averaged
// precision / recall / F1 and the full label × label matrix. Inconclusive verdicts are counted on their own and
// left out of the matrix; rows without an expected label are left out altogether.
export interface Outcome {
  /** Expected label on the format's scale (labels.ts), null when the row has none. */
  expected: string | null;
  /** The verdict on the same scale, null when inconclusive. */
  predicted: string | null;
  /** The model's probability that the item is a violation (binary and JSON formats), where known. */
  score: number | null;
}

export interface BinaryConfusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface Metrics {
  /** Items in the confusion matrix: labelled and conclusive. */
  n: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  inconclusive: number;
}

export interface BinaryMetrics extends Metrics {
  kind: 'binary';
  confusion: BinaryConfusion;
}

export interface LabelMetrics extends Metrics {
  kind: 'labels';
  /** matrix[i][j]: items expected labels[i] and predicted labels[j]. */
  confusion: { labels: string[]; matrix: number[][] };
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const harmonic = (p: number | null, r: number | null) => (p === null || r === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function binaryMetrics(outcomes: Outcome[]): BinaryMetrics {
  const c: BinaryConfusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  let inconclusive = 0;
  for (const { expected, predicted } of outcomes) {
    if (expected === null) continue;
    if (predicted === null) inconclusive++;
    else if (predicted === '1') c[expected === '1' ? 'tp' : 'fp']++;
    else c[expected === '1' ? 'fn' : 'tn']++;
  }
  const n = c.tp + c.fp + c.tn + c.fn;
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return { kind: 'binary', n, accuracy: ratio(c.tp + c.tn, n), precision, recall, f1: harmonic(precision, recall), inconclusive, confusion: c };
}

export function labelMetrics(outcomes: Outcome[], labels: string[]): LabelMetrics {
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let inconclusive = 0;
  let n = 0;
  let correct = 0;
  for (const { expected, predicted } of outcomes) {
    if (expected === null) continue;
    if (predicted === null) {
      inconclusive++;
      continue;
    }
    const i = index.get(expected);
    const j = index.get(predicted);
    if (i === undefined || j === undefined) continue;
    matrix[i][j]++;
    n++;
    if (i === j) correct++;
  }
  // Macro averages over the labels that occur (expected or predicted); a label never seen has no precision.
  const per = labels.map((_, k) => {
    const tp = matrix[k][k];
    const predictedK = matrix.reduce((sum, row) => sum + row[k], 0);
    const expectedK = matrix[k].reduce((a, b) => a + b, 0);
    const p = ratio(tp, predictedK);
    const r = ratio(tp, expectedK);
    return { p, r, f: harmonic(p ?? 0, r ?? 0), seen: predictedK + expectedK > 0 };
  }).filter((x) => x.seen);
  const mean = (xs: (number | null)[]) => (xs.length === 0 ? null : xs.reduce<number>((a, b) => a + (b ?? 0), 0) / xs.length);
  return {
    kind: 'labels', n, accuracy: ratio(correct, n), precision: mean(per.map((x) => x.p)), recall: mean(per.map((x) => x.r)),
    f1: mean(per.map((x) => x.f)), inconclusive, confusion: { labels, matrix },
  };
}

/** The binary outcomes as they would be if a violation were called at probability ≥ threshold. */
export function atThreshold(outcomes: Outcome[], threshold: number): Outcome[] {
  return outcomes.map((o) => (o.score === null || o.predicted === null ? o : { ...o, predicted: o.score >= threshold ? '1' : '0' }));
}

export interface CurvePoint {
  threshold: number;
  precision: number | null;
  recall: number | null;
}

/** Precision and recall at every distinct score, highest threshold first (labelled, scored items only). */
export function precisionRecallCurve(outcomes: Outcome[]): CurvePoint[] {
  const scored = outcomes.filter((o) => o.expected !== null && o.score !== null && o.predicted !== null);
  const thresholds = [...new Set(scored.map((o) => o.score!))].sort((a, b) => b - a);
  return thresholds.map((threshold) => {
    const m = binaryMetrics(atThreshold(scored, threshold));
    return { threshold, precision: m.precision, recall: m.recall };
  });
}
