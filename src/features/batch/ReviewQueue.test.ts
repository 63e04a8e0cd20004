import { describe, expect, it } from 'vitest';
import { errorResult } from '../../../classify/batch/run-batch';
import { parseVerdict } from '../../../classify/parse-verdict';
import { needsReview, type QueueRule } from './ReviewQueue';
import type { TableRow } from './result-filters';

const row = (expected: string | null, answer: string | null, probability: number | null, override: string | null = null): TableRow => {
  const verdict = answer === null ? null : parseVerdict(answer, { kind: 'binary' }, []);
  return {
    item: { row: 1, id: '1', text: 't', expected, problem: null },
    result: verdict ? { ...errorResult(1, ''), status: 'done', error: null, verdict, probability, override } : errorResult(1, 'empty'),
    predicted: verdict ? (verdict.violation === null ? null : String(verdict.violation)) : undefined,
  };
};
const rule: QueueRule = { disagreements: true, inconclusive: true, below: 0.75, unreviewedOnly: false };

describe('needsReview', () => {
  it('takes disagreements, inconclusive answers and low probabilities, each as the rule says', () => {
    expect(needsReview(row('0', '1', 0.9), rule)).toBe(true);
    expect(needsReview(row('1', '1', 0.9), rule)).toBe(false);
    expect(needsReview(row(null, 'maybe', null), rule)).toBe(true);
    expect(needsReview(row(null, '1', 0.6), rule)).toBe(true);
    expect(needsReview(row(null, '1', 0.6), { ...rule, below: 0 })).toBe(false);
    expect(needsReview(row('0', '1', 0.9), { ...rule, disagreements: false })).toBe(false);
  });

  it('never queues a row that was not classified, and can leave out reviewed rows', () => {
    expect(needsReview(row('1', null, null), rule)).toBe(false);
    expect(needsReview(row('0', '1', 0.9, '0'), rule)).toBe(true);
    expect(needsReview(row('0', '1', 0.9, '0'), { ...rule, unreviewedOnly: true })).toBe(false);
  });
});
