import { describe, expect, it } from 'vitest';
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';
import { errorResult } from '../../../classify/batch/run-batch';
import { parseVerdict } from '../../../classify/parse-verdict';
import { filterRows, NO_FILTER, tableRows } from './result-filters';

const run = {
  settings: { format: { kind: 'binary' } },
  items: [
    { row: 1, id: 'a', text: 'Buy watches', expected: '1', problem: null },
    { row: 2, id: 'b', text: 'Hello Sam', expected: '1', problem: null },
    { row: 3, id: 'c', text: '', expected: null, problem: 'the text is empty' },
    { row: 4, id: 'd', text: 'Lunch?', expected: '0', problem: null },
    { row: 5, id: 'e', text: 'Not yet', expected: '0', problem: null },
  ],
} as unknown as BatchRun;
const done = (row: number, answer: string, probability: number): ItemResult => ({ ...errorResult(row, ''), status: 'done', error: null, verdict: parseVerdict(answer, { kind: 'binary' }, []), probability });
const results = new Map<number, ItemResult>([[1, done(1, '1', 0.9)], [2, done(2, '0', 0.6)], [3, errorResult(3, 'the text is empty')], [4, done(4, 'maybe', 0.5)]]);
const rows = tableRows(run, results);
const ids = (f: Partial<typeof NO_FILTER>) => filterRows(rows, { ...NO_FILTER, ...f }).map((r) => r.item.id);

describe('filterRows', () => {
  it('filters by verdict, including not classified, inconclusive and pending', () => {
    expect(ids({ verdict: '1' })).toEqual(['a']);
    expect(ids({ verdict: '0' })).toEqual(['b']);
    expect(ids({ verdict: 'error' })).toEqual(['c']);
    expect(ids({ verdict: 'inconclusive' })).toEqual(['d']);
    expect(ids({ verdict: 'pending' })).toEqual(['e']);
  });

  it('filters by agreement with the expected label and by probability range', () => {
    expect(ids({ agreement: 'agrees' })).toEqual(['a']);
    expect(ids({ agreement: 'differs' })).toEqual(['b']); // an inconclusive verdict neither agrees nor differs
    expect(ids({ agreement: 'unlabelled' })).toEqual(['c']);
    expect(ids({ minProbability: 0.55, maxProbability: 0.95 })).toEqual(['a', 'b']);
  });

  it('searches id and text case-insensitively and sorts either way', () => {
    expect(ids({ search: 'SAM' })).toEqual(['b']);
    expect(ids({ sort: 'probability', descending: true })).toEqual(['a', 'b', 'd', 'c', 'e']);
    expect(ids({ sort: 'id', descending: true })).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});
