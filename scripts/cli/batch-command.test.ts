// safeguard batch, run as a user would (a child process), on the scripted model: its answer is always "1" with
// probability SCRIPTED_VERDICT_PROBABILITY, so the verdicts and the metrics are known from the labels alone.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCRIPT, SCRIPTED_VERDICT_PROBABILITY } from '../../testing/scripted-model';
import { writeScriptedModel } from '../../testing/scripted-model-files';

const run = promisify(execFile);
const cli = (...args: string[]) => run('node', ['scripts/run-node.mjs', 'scripts/cli/safeguard.ts', ...args], { maxBuffer: 64 << 20 });
const failure = (...args: string[]) => cli(...args).then(() => null, (e: { code: number; stderr: string; stdout: string }) => e);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'batch-'));
  await writeScriptedModel(path.join(dir, 'model'));
  writeFileSync(path.join(dir, 'policy.md'), '# Spam Policy\n\n## OUTPUT FORMAT\nReturn exactly one character: 0 or 1. No explanation, no punctuation.\n0 = the content does NOT violate this policy.\n1 = the content violates this policy.');
  // Awkward CSV: semicolons, a quoted field with the delimiter, quotes and a line break, an empty row, CRLF, BOM.
  writeFileSync(path.join(dir, 'set.csv'), '\uFEFFkey;message;gold\r\nk1;"Buy; now ""cheap""\r\nwatches";1\r\nk2;Hi Sam, see you at 5;0\r\n;;\r\nk4;Free prize at bit.ly/x;violation\r\nk5;Lunch?;no violation\r\n');
}, 120_000);

describe('safeguard batch', () => {
  it('classifies every row, reports the bad one, writes one line per item and prints the metrics', async () => {
    const out = path.join(dir, 'results.jsonl');
    const { stdout, stderr } = await cli(
      'batch', '--model', path.join(dir, 'model'), '--policy', path.join(dir, 'policy.md'), '--input', path.join(dir, 'set.csv'),
      '--text-column', 'message', '--id-column', 'key', '--label-column', 'gold', '--max-new', '64', '--date', '2026-11-22', '--output', out, '--with-reasoning',
    );
    const summary = JSON.parse(stdout);
    // The scripted model says 1 for every item: two true positives, two false positives.
    expect(summary).toEqual({
      items: 5, classified: 4, errors: [{ row: 3, reason: 'the text is empty' }],
      metrics: { n: 4, accuracy: 0.5, precision: 0.5, recall: 1, f1: 2 / 3, confusion: { tp: 2, fp: 2, tn: 0, fn: 0 }, inconclusive: 0 },
    });
    // Items decoded together finish in their own order: one line per row, each written as it finished.
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.row - b.row);
    expect(stderr).toMatch(/classifying 4 items at once on this GPU/);
    expect(lines.map((l) => [l.row, l.id, l.verdict, l.expected_label])).toEqual([
      [1, 'k1', 'violation', '1'], [2, 'k2', 'violation', '0'], [3, '3', 'error', null], [4, 'k4', 'violation', '1'], [5, 'k5', 'violation', '0'],
    ]);
    expect(lines[0]).toMatchObject({
      text: 'Buy; now "cheap"\r\nwatches', label: '1', violation: 1, reasoning: DEFAULT_SCRIPT.reasoning, policy_name: 'Spam Policy',
      effort: 'low', format: 'binary', model_id: 'model', date: '2026-11-22', override: null,
    });
    expect(lines[0].probability).toBeCloseTo(SCRIPTED_VERDICT_PROBABILITY, 3);
    expect(lines[0].policy_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr).toMatch(/\[5\/5\] row \d \(k\d\): violation \(p=0\.81\d\) · [\d.]+ items\/min · ETA 0 s/);
  }, 600_000);

  it('--resume continues a results file cut off by a crash: only the missing rows are classified', async () => {
    const byRow = (row: number) => readFileSync(path.join(dir, 'results.jsonl'), 'utf8').split('\n').find((l) => l && JSON.parse(l).row === row)!;
    const full = [byRow(1), byRow(2), byRow(3)];
    const partial = path.join(dir, 'partial.jsonl');
    // Rows 1 and 2 complete and half of row 3's line, as a crash in the middle of a write leaves it.
    writeFileSync(partial, `${full[0]}\n${full[1]}\n${full[2].slice(0, 40)}`);
    const args = ['batch', '--model', path.join(dir, 'model'), '--policy', path.join(dir, 'policy.md'), '--input', path.join(dir, 'set.csv'),
      '--text-column', 'message', '--id-column', 'key', '--label-column', 'gold', '--max-new', '64', '--date', '2026-11-22', '--with-reasoning'];
    const { stdout, stderr } = await cli(...args, '--output', partial, '--resume');
    expect(JSON.parse(stdout).metrics.confusion).toEqual({ tp: 2, fp: 2, tn: 0, fn: 0 });
    expect(stderr).not.toMatch(/\[[12]\/5\]|row [12] \(/); // rows 1 and 2 were not classified again
    expect(stderr).toMatch(/\[5\/5\]/);
    const lines = readFileSync(partial, 'utf8').trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(full.slice(0, 2));
    expect(lines.map((l) => JSON.parse(l).row).sort()).toEqual([1, 2, 3, 4, 5]);

    writeFileSync(path.join(dir, 'other.md'), '# Another policy\n');
    const error = await failure(...args.map((a) => (a.endsWith('policy.md') ? path.join(dir, 'other.md') : a)), '--output', partial, '--resume');
    expect(error?.code).toBe(2);
    expect(error!.stderr).toMatch(/row 1 was written for another policy or input/);
  }, 600_000);

  it.each([
    [['--text-column', 'body'], /--input .*set.csv: The text column "body" is not in the file; its columns are: key, message, gold\./],
    [['--input', '/nope.csv'], /--input \/nope.csv: no such file/],
    [['--format', 'xml'], /--format must be binary, json or labels/],
  ])('rejects %j with a one-line error and exit code 2', async (args, message) => {
    const base = ['--model', path.join(dir, 'model'), '--policy', path.join(dir, 'policy.md'), '--input', path.join(dir, 'set.csv')];
    const error = await failure('batch', ...base, ...args);
    expect(error?.code).toBe(2);
    expect(error!.stdout).toBe('');
    expect(error!.stderr.trim().split('\n').filter((l) => l.startsWith('safeguard:'))).toEqual([expect.stringMatching(message)]);
  });
});
