import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../parse-verdict';
import type { BatchRun, ItemResult } from './batch-job';
import { exportRecords, toCsv, toJsonl } from './export';
import { errorResult } from './run-batch';

const run: BatchRun = {
  id: 'r', title: 't', source: { fileName: 'set.csv', columns: { text: 'text', id: 'id', label: 'label' } }, createdAt: 0, state: 'finished', stoppedBy: null,
  settings: {
    policy: { name: 'Spam Policy (SP)', text: 'x', hash: 'abc123' }, effort: 'low', format: { kind: 'json' }, maxTokens: 64, date: '2026-11-22',
    model: { id: 'gpt-oss-safeguard-20b', revision: 'rev1' },
  },
  items: [
    { row: 1, id: 'a', text: 'Buy now, "cheap"\nwatches', expected: '1', problem: null },
    { row: 2, id: 'b', text: '=HYPERLINK("http://x")', expected: '0', problem: null },
    { row: 3, id: 'c', text: '', expected: null, problem: 'the text is empty' },
    { row: 4, id: 'd', text: 'not yet run', expected: null, problem: null },
  ],
};
const done = (row: number, answer: string, extra: Partial<ItemResult> = {}): ItemResult => ({
  ...errorResult(row, ''), status: 'done', error: null, verdict: parseVerdict(answer, { kind: 'json' }, []), probability: 0.8, reasoning: `thinking ${row}`, ...extra,
});
const results = new Map<number, ItemResult>([
  [1, done(1, '{"violation": 1, "policy_category": "SP1", "rule_ids": ["SP1", "SP3"], "confidence": "high", "rationale": "Sells, with a lure."}', { override: '0', note: 'satire' })],
  [2, done(2, '{"violation": 0, "policy_category": null, "rule_ids": [], "confidence": "high", "rationale": "A link."}')],
  [3, errorResult(3, 'the text is empty')],
]);

describe('export', () => {
  it('writes one record per finished row with the audit fields, reasoning only when asked', () => {
    const records = exportRecords(run, results);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(records[0]).toEqual({
      id: 'a', row: 1, text: 'Buy now, "cheap"\nwatches', verdict: 'violation', label: '1', violation: 1, probability: 0.8, rule_ids: ['SP1', 'SP3'],
      rationale: 'Sells, with a lure.', expected_label: '1', override: '0', note: 'satire', error: null, policy_hash: 'abc123',
      policy_name: 'Spam Policy (SP)', effort: 'low', format: 'json', model_id: 'gpt-oss-safeguard-20b', model_revision: 'rev1', date: '2026-11-22',
    });
    expect(records[2]).toMatchObject({ verdict: 'error', label: null, error: 'the text is empty' });
    expect('reasoning' in records[0]).toBe(false);
    expect(exportRecords(run, results, { reasoning: true })[1].reasoning).toBe('thinking 2');
  });

  it('JSONL: one parseable object per line', () => {
    const lines = toJsonl(exportRecords(run, results)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]).rule_ids).toEqual(['SP1', 'SP3']);
  });

  it('CSV: reads back to the same fields, with formula-looking cells defused', () => {
    const csv = toCsv(exportRecords(run, results, { reasoning: true }));
    const back = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(back).toHaveLength(3);
    expect(back[0]).toMatchObject({ id: 'a', text: 'Buy now, "cheap"\nwatches', verdict: 'violation', rule_ids: 'SP1 SP3', override: '0', reasoning: 'thinking 1', policy_hash: 'abc123' });
    expect(back[1].text).toBe(`'=HYPERLINK("http://x")`);
    expect(back[2]).toMatchObject({ verdict: 'error', probability: '', error: 'the text is empty' });
  });
});
