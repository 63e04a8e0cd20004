import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../parse-verdict';
import type { BatchRun, ItemResult } from './batch-job';
import { compareRuns, sameItems } from './compare';
import { errorResult } from './run-batch';

const items = [
  { row: 1, id: 'a', text: 'buy now', expected: '1', problem: null },
  { row: 2, id: 'b', text: 'hello', expected: '0', problem: null },
  { row: 3, id: 'c', text: 'free prize', expected: '1', problem: null },
  { row: 4, id: 'd', text: 'lunch?', expected: '0', problem: null },
];
const run = (format: BatchRun['settings']['format']): BatchRun => ({
  id: 'x', title: 'x', createdAt: 0, state: 'finished', stoppedBy: null, items, source: { fileName: 'f.csv', columns: { text: 'text', id: 'id', label: 'label' } },
  settings: { policy: { name: 'P', text: 'p', hash: 'h' }, effort: 'low', format, maxTokens: 8, date: '2026-11-22', model: { id: 'm', revision: null } },
});
const done = (row: number, answer: string, format: BatchRun['settings']['format']): [number, ItemResult] =>
  [row, { ...errorResult(row, ''), status: 'done', error: null, verdict: parseVerdict(answer, format, []), probability: 0.8 }];

describe('compareRuns', () => {
  it('lists the flipped verdicts and gives both runs\' metrics over the rows both finished', () => {
    const a = run({ kind: 'binary' });
    const b = run({ kind: 'json' });
    const resultsA = new Map([done(1, '1', a.settings.format), done(2, '1', a.settings.format), done(3, '0', a.settings.format), done(4, '0', a.settings.format)]);
    const resultsB = new Map([done(1, '{"violation": 1}', b.settings.format), done(2, '{"violation": 0}', b.settings.format), done(3, 'no idea', b.settings.format)]);
    const c = compareRuns(a, resultsA, b, resultsB);
    expect(c.compared).toBe(3);
    expect(c.flips.map((f) => [f.row, f.a, f.b])).toEqual([[2, '1', '0'], [3, '0', null]]);
    // A over rows 1–3: tp 1, fp 1, fn 1. B: tp 1, tn 1, one inconclusive.
    expect(c.metricsA).toMatchObject({ n: 3, confusion: { tp: 1, fp: 1, tn: 0, fn: 1 }, inconclusive: 0 });
    expect(c.metricsB).toMatchObject({ n: 2, confusion: { tp: 1, fp: 0, tn: 1, fn: 0 }, inconclusive: 1, accuracy: 1 });
  });

  it('refuses runs over different items', () => {
    const a = run({ kind: 'binary' });
    const b = { ...run({ kind: 'binary' }), items: items.map((i) => (i.row === 2 ? { ...i, text: 'changed' } : i)) };
    expect(sameItems(a, b)).toBe(false);
    expect(() => compareRuns(a, new Map(), b, new Map())).toThrow('did not classify the same items');
  });
});
