import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../parse-verdict';
import type { BatchRun, ItemResult } from './batch-job';
import { batchSummary } from './evaluate';
import { exportRecords, toJsonl } from './export';
import { completeLines, resultFromRecord } from './read-results';
import { errorResult } from './run-batch';

const format = { kind: 'labels', labels: ['SP0', 'SP1'] } as const;
const run: BatchRun = {
  id: 'r', title: 't', createdAt: 0, state: 'finished', stoppedBy: null, source: { fileName: 'f.csv', columns: { text: 'text', id: null, label: 'label' } },
  settings: { policy: { name: 'P', text: 'p', hash: 'h' }, effort: 'low', format: { ...format, labels: [...format.labels] }, maxTokens: 8, date: '2026-11-22', model: { id: 'm', revision: null } },
  items: [
    { row: 1, id: '1', text: 'a', expected: 'SP1', problem: null },
    { row: 2, id: '2', text: 'b', expected: 'SP0', problem: null },
    { row: 3, id: '3', text: '', expected: null, problem: 'the text is empty' },
    { row: 4, id: '4', text: 'd', expected: 'SP0', problem: null },
  ],
};
const done = (row: number, answer: string): [number, ItemResult] => [row, { ...errorResult(row, ''), status: 'done', error: null, verdict: parseVerdict(answer, run.settings.format, []), probability: 0.7 }];
const results = new Map([done(1, 'SP1'), done(2, 'SP1'), [3, errorResult(3, 'the text is empty')] as [number, ItemResult], done(4, 'unsure')]);

describe('reading an export back', () => {
  it('restores what the summary and metrics need: the same summary as the original results', () => {
    const { records } = completeLines(toJsonl(exportRecords(run, results)));
    const back = new Map(records.map((r) => [r.row, resultFromRecord(r)]));
    expect(batchSummary(run, back)).toEqual(batchSummary(run, results));
    expect(batchSummary(run, back).metrics).toMatchObject({ n: 2, inconclusive: 1 });
  });

  it('drops a last line cut off in the middle and says how many bytes to keep', () => {
    const text = toJsonl(exportRecords(run, results));
    const cut = text.slice(0, text.length - 10);
    const { records, keepBytes } = completeLines(cut);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(cut.slice(0, keepBytes).endsWith('\n')).toBe(true);
  });
});
