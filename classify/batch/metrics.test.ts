import { describe, expect, it } from 'vitest';
import { atThreshold, binaryMetrics, labelMetrics, precisionRecallCurve, type Outcome } from './metrics';

const o = (expected: string | null, predicted: string | null, score: number | null = null): Outcome => ({ expected, predicted, score });

describe('binaryMetrics', () => {
  it('matches hand-computed values', () => {
    // tp=3, fp=1, tn=4, fn=2; one inconclusive and one unlabelled row are left out.
    const outcomes = [
      o('1', '1'), o('1', '1'), o('1', '1'), o('0', '1'), o('0', '0'), o('0', '0'), o('0', '0'), o('0', '0'),
      o('1', '0'), o('1', '0'), o('1', null), o(null, '1'),
    ];
    const m = binaryMetrics(outcomes);
    expect(m.confusion).toEqual({ tp: 3, fp: 1, tn: 4, fn: 2 });
    expect(m.n).toBe(10);
    expect(m.inconclusive).toBe(1);
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    expect(m.precision).toBeCloseTo(0.75, 12);
    expect(m.recall).toBeCloseTo(0.6, 12);
    expect(m.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35, 12); // 0.6667
  });

  it('leaves undefined ratios null instead of dividing by zero', () => {
    const m = binaryMetrics([o('0', '0'), o('0', '0')]);
    expect(m).toMatchObject({ n: 2, accuracy: 1, precision: null, recall: null, f1: null });
    expect(binaryMetrics([]).accuracy).toBeNull();
  });
});

describe('labelMetrics', () => {
  it('fills the label × label matrix and macro-averages', () => {
    const m = labelMetrics([o('A', 'A'), o('A', 'B'), o('B', 'B'), o('C', 'B'), o('C', null)], ['A', 'B', 'C']);
    expect(m.confusion.matrix).toEqual([[1, 1, 0], [0, 1, 0], [0, 1, 0]]);
    expect(m.n).toBe(4);
    expect(m.inconclusive).toBe(1);
    expect(m.accuracy).toBeCloseTo(0.5, 12);
    // A: p=1, r=0.5; B: p=1/3, r=1; C: p=null (never predicted) → 0, r=0.
    expect(m.precision).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    expect(m.recall).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
    expect(m.f1).toBeCloseTo((2 / 3 + 0.5 + 0) / 3, 12);
  });
});

describe('thresholds', () => {
  const scored = [o('1', '1', 0.9), o('1', '1', 0.6), o('0', '1', 0.55), o('0', '0', 0.2), o('1', '0', 0.3), o('0', null, null)];

  it('calls a violation at score ≥ threshold and keeps inconclusive rows as they are', () => {
    expect(atThreshold(scored, 0.58).map((x) => x.predicted)).toEqual(['1', '1', '0', '0', '0', null]);
    expect(binaryMetrics(atThreshold(scored, 0.25)).confusion).toEqual({ tp: 3, fp: 1, tn: 1, fn: 0 });
  });

  it('gives precision and recall at every distinct score, highest first', () => {
    const curve = precisionRecallCurve(scored);
    expect(curve.map((p) => p.threshold)).toEqual([0.9, 0.6, 0.55, 0.3, 0.2]);
    expect(curve[0]).toEqual({ threshold: 0.9, precision: 1, recall: 1 / 3 });
    expect(curve[2]).toEqual({ threshold: 0.55, precision: 2 / 3, recall: 2 / 3 });
    expect(curve[4]).toEqual({ threshold: 0.2, precision: 3 / 5, recall: 1 });
  });
});
