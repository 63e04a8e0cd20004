// classifyMany on the GPU (Dawn on SwiftShader, the scripted model): items held at once share decode passes and
// each comes out exactly as it does alone; the concurrency falls by itself when the GPU memory cannot hold the
// batch (a real out-of-memory error); an item that does not fit the context is that item's error only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { classifyMany, type ItemOutcome } from '../../classify/classify-many';
import { Classifier } from '../../classify/classifier';
import { pinRequest, type ClassifyInput, type ClassifyResult } from '../../classify/request';
import { acquireDevice } from '../../engine/gpu/device';
import { BatchedGenerator } from '../../engine/runtime/batched-generator';
import { Model } from '../../engine/runtime/model';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import { openCheckpoint } from '../../engine/weights/checkpoint';
import type { HarmonyTokenizer } from '../../harmony/tokenizer';
import { localFolder } from '../../platform/node/node-checkpoint';
import { nodeGpu } from '../../platform/node/node-gpu';
import { withCreateBufferHook } from '../../testing/gpu-hooks';
import { loadTestTokenizer, writeScriptedModel } from '../../testing/scripted-model-files';
import { classifyManyOnGpu } from './classify-many-gpu';

const CONTEXT = 512;
let dir: string;
let tokenizer: HarmonyTokenizer;
let model: Model;
/** Set by a test: the KV pool sizes (bytes of one layer's keys) that meet a GPU with no memory left. */
let refuseKvAbove = Infinity;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'many-model-'));
  await writeScriptedModel(dir);
  tokenizer = await loadTestTokenizer();
  // Memory taken by someone else: before a key cache larger than the limit, a 1 GiB allocation that SwiftShader
  // refuses with a real out-of-memory error (raised inside whatever error scope is open).
  const gpu = withCreateBufferHook(nodeGpu(), (device, d) => {
    if (d.label?.endsWith('.k') && d.label.startsWith('kv.') && d.size > refuseKvAbove) device.createBuffer({ label: 'ballast', size: 2 ** 30, usage: GPUBufferUsage.STORAGE });
  });
  const { device } = await acquireDevice(gpu, { label: 'many-test' });
  model = await Model.load(device, await openCheckpoint(localFolder(dir)), { maxContext: CONTEXT, chunk: 64, logitRows: 1 });
}, 120_000);

afterAll(async () => {
  model?.destroy();
  await rm(dir, { recursive: true, force: true });
});

const input = (content: string): ClassifyInput => ({ policy: 'Flag spam.', content, effort: 'low', format: { kind: 'binary' }, maxTokens: 64, date: '2026-11-23' });
// Contents of different lengths: their prompts end, and so their answers start and finish, at different passes.
const contents = ['buy now', 'a longer message about a great offer that you should not miss, click the link below today', 'hello there', 'win a prize!!!', 'the meeting moved to 3pm, see you then'];

test('items decoded together in shared passes each give what they give alone', async () => {
  const alone: ClassifyResult[] = [];
  const single = new Classifier(new PrefixCachedGenerator(model), tokenizer);
  for (const content of contents) alone.push(await single.classify(pinRequest(input(content))));
  single.dispose();

  const batch = new BatchedGenerator(model, { slots: 3 });
  const outcomes: ItemOutcome[] = [];
  const reasoning = contents.map(() => '');
  const order: string[] = [];
  const end = await classifyMany(contents.map(input), async (item, { signal, onEvent }) => {
    const classifier = new Classifier(batch.take(), tokenizer);
    try {
      return await classifier.classify(pinRequest(item), onEvent, signal);
    } finally {
      classifier.dispose();
    }
  }, {
    concurrency: 3,
    onStart: (i) => order.push(`start ${i}`),
    onEvent: (i, e) => void (e.type === 'reasoning' && (reasoning[i] += e.text)),
    onResult: (i, outcome) => {
      order.push(`done ${i}`);
      outcomes[i] = outcome;
    },
  });
  expect(end).toBe('finished');
  // Three items at once from the start; the fourth starts only when one of them is done.
  expect(order.slice(0, 4)).toEqual(['start 0', 'start 1', 'start 2', expect.stringMatching(/^done/)]);
  // Decode passes carried three items' tokens at once, and every generated token came from a shared pass's row.
  expect(Math.max(...batch.passRows)).toBe(3);
  expect(batch.passRows.length).toBeLessThan(alone.reduce((a, r) => a + r.tokens.generated, 0) / 2);
  // Passes run ahead on the GPU's picks, but for the one after each item that joined (it prefilled its prompt).
  expect(batch.passesTakenAhead).toBeGreaterThan(0.75 * batch.passRows.length);
  await batch.dispose();

  contents.forEach((_, i) => {
    const { result } = outcomes[i];
    expect(result, `item ${i}`).toBeDefined();
    expect(result!.verdict).toEqual(alone[i].verdict);
    expect(result!.answer).toBe(alone[i].answer);
    expect(result!.reasoning).toBe(alone[i].reasoning);
    expect(reasoning[i]).toBe(alone[i].reasoning);
    expect(result!.tokens).toEqual(alone[i].tokens); // the first item prefills the policy, the others restore it
    expect(Math.abs(result!.probability! - alone[i].probability!)).toBeLessThan(1e-4);
  });
  expect(batch.passRows.reduce((a, b) => a + b, 0)).toBe(alone.reduce((a, r) => a + r.tokens.generated, 0));
  expect(outcomes.map((o) => o.result?.verdict.violation)).toEqual([1, 1, 1, 1, 1]);
}, 300_000);

test('the concurrency falls by itself when the GPU memory cannot hold the batch, and an item too long is its own error', async () => {
  const rowBytes = model.config.numKvHeads * model.config.headDim * 4;
  refuseKvAbove = 2 * CONTEXT * rowBytes; // room for two sequences' caches, not four
  const items = [...contents.slice(0, 3).map(input), input('spam '.repeat(600)), input('last one')];
  const outcomes: ItemOutcome[] = [];
  let concurrency = 0;
  try {
    const end = await classifyManyOnGpu(model, tokenizer, items, {
      concurrency: 8,
      onConcurrency: (n) => (concurrency = n),
      onResult: (i, o) => (outcomes[i] = o),
    });
    expect(end).toBe('finished');
  } finally {
    refuseKvAbove = Infinity;
  }
  expect(concurrency).toBe(2);
  expect(outcomes.map((o) => o.result?.verdict.violation ?? o.error?.name)).toEqual([1, 1, 1, 'InvalidRequestError', 1]);
  expect(outcomes[3].error?.message).toMatch(/exceeds the 512-token context/);
}, 300_000);
