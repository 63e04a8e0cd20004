// safeguard serve and safeguard batch --server, run as a user would (two child processes) on the scripted model:
// the batch goes over HTTP to our own server and comes out with the same verdicts as on this machine.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTED_VERDICT_PROBABILITY } from '../../testing/scripted-model';
import { writeScriptedModel } from '../../testing/scripted-model-files';

const run = promisify(execFile);
const cli = (...args: string[]) => run('node', ['scripts/run-node.mjs', 'scripts/cli/safeguard.ts', ...args], { maxBuffer: 64 << 20 });

let dir: string;
let server: ChildProcess;
let url: string;
let ready: { url: string; model: string; batch_slots: number };
const serverLog: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'serve-'));
  await writeScriptedModel(path.join(dir, 'model'));
  writeFileSync(path.join(dir, 'policy.md'), '# Spam Policy\n\n## OUTPUT FORMAT\nReturn exactly one character: 0 or 1. No explanation, no punctuation.\n0 = the content does NOT violate this policy.\n1 = the content violates this policy.');
  writeFileSync(path.join(dir, 'set.csv'), 'id,text,label\na,Buy cheap watches,1\nb,See you at 5,0\nc,,0\nd,Free prize,1\n');
  server = spawn('node', ['scripts/run-node.mjs', 'scripts/cli/safeguard.ts', 'serve', '--model', path.join(dir, 'model'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: server.stderr! }).on('line', (line) => serverLog.push(line));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${serverLog.join('\n')}`)));
  });
  ready = JSON.parse(first);
  url = ready.url;
}, 300_000);
afterAll(() => void server?.kill('SIGTERM'));

describe('safeguard serve + batch --server', () => {
  it('prints where it listens, and the batch runs through it with the scripted verdicts and metrics', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(ready).toEqual({ url, model: 'model', batch_slots: 8 }); // greedy requests decoded together, 8 at most
    const out = path.join(dir, 'results.jsonl');
    const { stdout, stderr } = await cli('batch', '--server', url, '--server-model', 'model', '--concurrency', '2', '--policy', path.join(dir, 'policy.md'),
      '--input', path.join(dir, 'set.csv'), '--label-column', 'label', '--id-column', 'id', '--max-new', '64', '--output', out);
    expect(JSON.parse(stdout)).toEqual({
      items: 4, classified: 3, errors: [{ row: 3, reason: 'the text is empty' }],
      metrics: { n: 3, accuracy: 2 / 3, precision: 2 / 3, recall: 1, f1: 0.8, confusion: { tp: 2, fp: 1, tn: 0, fn: 0 }, inconclusive: 0 },
    });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.row - b.row);
    expect(lines.map((l) => [l.id, l.verdict])).toEqual([['a', 'violation'], ['b', 'violation'], ['c', 'error'], ['d', 'violation']]);
    expect(lines[0].probability).toBeCloseTo(SCRIPTED_VERDICT_PROBABILITY, 2); // from the server's logprobs
    expect(lines[0].model_id).toBe(`model at ${url}`);
    expect(stderr).toMatch(/\[4\/4\]/);
    // The server logs requests, never their content.
    expect(serverLog.filter((l) => l.startsWith('POST /v1/chat/completions 200')).length).toBe(3);
    expect(serverLog.join('\n')).not.toMatch(/watches|prize/);
  }, 600_000);

  it('refuses a server that does not serve the model, before any item is sent', async () => {
    const error = await cli('batch', '--server', url, '--server-model', 'gpt-4o', '--policy', path.join(dir, 'policy.md'), '--input', path.join(dir, 'set.csv'))
      .then(() => null, (e: { code: number; stderr: string }) => e);
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/ServerModelError: 127\.0\.0\.1:\d+ does not serve "gpt-4o"\. It serves: model\./);
  }, 120_000);
});
