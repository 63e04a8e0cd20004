// safeguard serve decoding requests together (continuous batching) on the scripted model (SwiftShader in CI):
// concurrent greedy requests share decode passes and each gets the answer a request alone gets; a sampled
// request runs on the single sequence beside them; a full batch makes greedy requests wait, then refuses them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Classifier } from '../classify/classifier';
import { BatchedGenerator } from '../engine/runtime/batched-generator';
import { Model } from '../engine/runtime/model';
import { PrefixCachedGenerator } from '../engine/runtime/prefix-cached-generator';
import { openCheckpoint } from '../engine/weights/checkpoint';
import type { AcquiredDevice } from '../engine/gpu/device';
import { acquireNodeDevice } from '../platform/node/node-gpu';
import { localFolder } from '../platform/node/node-checkpoint';
import { DEFAULT_SCRIPT, SCRIPTED_VERDICT_PROBABILITY } from '../testing/scripted-model';
import { loadTestTokenizer, writeScriptedModel } from '../testing/scripted-model-files';
import { createOpenAIServer } from './openai-server';

const SLOW = 300_000; // SwiftShader: about 0.4 s per generated token
const MODEL = 'gpt-oss-safeguard-scripted';
const POLICY = '# Spam\n\nReturn exactly one character: 0 or 1.';
const SLOTS = 3;

let gpu: AcquiredDevice;
let model: Model;
let generator: BatchedGenerator;
let server: ReturnType<typeof createOpenAIServer>;
let base: string;

beforeAll(async () => {
  gpu = await acquireNodeDevice();
  const dir = mkdtempSync(path.join(tmpdir(), 'scripted-serve-batch-'));
  await writeScriptedModel(dir);
  model = await Model.load(gpu.device, await openCheckpoint(localFolder(dir)), { maxContext: 512, chunk: 128 });
  const tokenizer = await loadTestTokenizer();
  generator = new BatchedGenerator(model, { slots: SLOTS });
  server = createOpenAIServer({
    classifier: new Classifier(new PrefixCachedGenerator(model), tokenizer), modelName: MODEL, maxWaiting: 1,
    batch: { slots: SLOTS, take: () => new Classifier(generator.take(), tokenizer) },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, SLOW);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  generator?.dispose();
  model?.destroy();
  gpu?.device.destroy();
});

const request = (content: string, extra: Record<string, unknown> = {}) => ({
  model: MODEL, messages: [{ role: 'system', content: POLICY }, { role: 'user', content }], reasoning_effort: 'low', ...extra,
});
const post = (body: unknown, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });

it('greedy requests sent at once share decode passes, and each gets the whole scripted answer with its probability', async () => {
  const before = generator.passRows.length;
  const contents = ['Buy cheap watches!!!', 'see you at 6', 'Win a prize, click here'];
  const bodies = await Promise.all(contents.map(async (content) => (await post(request(content, { logprobs: true, max_tokens: 100 }))).json()));
  for (const body of bodies) {
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: '1', reasoning: DEFAULT_SCRIPT.reasoning });
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(Math.exp(body.choices[0].logprobs.content[0].logprob)).toBeCloseTo(SCRIPTED_VERDICT_PROBABILITY, 2);
  }
  // Their decode passes held all three rows at once (a pass per request would hold one).
  expect(Math.max(...generator.passRows.slice(before))).toBe(SLOTS);
  const health = await (await fetch(`${base.replace(/\/v1$/, '')}/health`)).json();
  expect(health).toEqual({ status: 'ok', running: 0, waiting: 0, batch_slots: SLOTS });
}, SLOW);

it('with every slot taken a greedy request waits and the next is refused, while a sampled one runs beside the batch', async () => {
  const streams = Array.from({ length: SLOTS }, () => new AbortController());
  const running = await Promise.all(streams.map(async (controller, i) => {
    const response = await post(request(`item ${i}`, { stream: true }), { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read(); // the role chunk: this request holds a slot
    return reader;
  }));
  expect(server.batchQueue!.running).toBe(SLOTS);
  const waiting = post(request('waits for a slot', { max_tokens: 3 }));
  await expect.poll(() => server.batchQueue!.waiting).toBe(1);
  const refused = await post(request('no room'));
  expect(refused.status).toBe(429);
  expect((await refused.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'queue_full' });

  // Sampling is not decoded in a batch: it takes the single sequence, which is free. (In the batch's line it
  // would have been refused: that line is full.)
  const sampled = await post(request('sampled', { temperature: 0.7, seed: 3, max_tokens: 3 }));
  expect(sampled.status).toBe(200);
  expect((await sampled.json()).usage.completion_tokens).toBe(3);
  expect(server.batchQueue!.running).toBe(SLOTS);

  for (const controller of streams) controller.abort();
  for (const reader of running) await reader.cancel().catch(() => {});
  const second = await (await waiting).json();
  expect(second.choices[0].finish_reason).toBe('length');
  expect(second.usage.completion_tokens).toBe(3);
  await expect.poll(() => server.batchQueue!.running, { timeout: 60_000 }).toBe(0);
}, SLOW);
