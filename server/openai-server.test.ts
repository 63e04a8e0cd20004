// safeguard serve's server on the scripted model (SwiftShader in CI), called by the official openai client and by
// raw HTTP: what a client reads, what it is refused, a full queue and a cancelled stream.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../classify/classifier';
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
const ALLOWED = 'http://app.example:5173';

let gpu: AcquiredDevice;
let model: Model;
let server: ReturnType<typeof createOpenAIServer>;
let base: string;
const finished: Array<{ outcome: string; generated: number }> = [];

beforeAll(async () => {
  gpu = await acquireNodeDevice();
  const dir = mkdtempSync(path.join(tmpdir(), 'scripted-serve-'));
  await writeScriptedModel(dir);
  model = await Model.load(gpu.device, await openCheckpoint(localFolder(dir)), { maxContext: 512, chunk: 128 });
  const classifier = new Classifier(new PrefixCachedGenerator(model), await loadTestTokenizer());
  server = createOpenAIServer({ classifier, modelName: MODEL, corsOrigins: [ALLOWED], maxWaiting: 1, onFinished: (r) => finished.push(r) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, SLOW);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  model?.destroy();
  gpu?.device.destroy();
});

const messages = (content: string) => [{ role: 'system' as const, content: POLICY }, { role: 'user' as const, content }];
const post = (body: unknown, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init });

describe('safeguard serve', () => {
  it('streams the scripted reasoning and answer to the official openai client, with logprobs and usage', async () => {
    const client = new OpenAI({ baseURL: base, apiKey: 'unused' });
    expect((await client.models.list()).data.map((m) => m.id)).toEqual([MODEL]);
    const stream = await client.chat.completions.create({
      model: MODEL, messages: messages('Buy cheap watches!!!'), stream: true, stream_options: { include_usage: true },
      reasoning_effort: 'low', logprobs: true, top_logprobs: 1,
    });
    let reasoning = '';
    let content = '';
    const logprobs: Array<{ token: string; logprob: number; top_logprobs: unknown[] }> = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      reasoning += (choice?.delta as { reasoning?: string } | undefined)?.reasoning ?? '';
      content += choice?.delta.content ?? '';
      logprobs.push(...(choice?.logprobs?.content ?? []));
      finish = choice?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(reasoning).toBe(DEFAULT_SCRIPT.reasoning);
    expect(content).toBe('1');
    expect(finish).toBe('stop');
    expect(logprobs).toHaveLength(1);
    expect(Math.exp(logprobs[0].logprob)).toBeCloseTo(SCRIPTED_VERDICT_PROBABILITY, 2);
    expect(logprobs[0].top_logprobs).toEqual([{ token: '1', logprob: logprobs[0].logprob, bytes: [49] }]);
    expect(usage!.prompt_tokens).toBeGreaterThan(20);
    expect(usage!.completion_tokens).toBeGreaterThan(10);
  }, SLOW);

  it('answers a whole completion with message.reasoning, reusing the policy prefix of the last request', async () => {
    const response = await post({ model: MODEL, messages: messages('see you at 6'), reasoning_effort: 'low', max_tokens: 100 });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: '1', reasoning: DEFAULT_SCRIPT.reasoning });
    expect(body.choices[0].logprobs).toBeNull(); // not asked for
    expect(body.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0); // same system message and effort as before
  }, SLOW);

  it('refuses bad requests with OpenAI-style 4xx bodies and keeps serving', async () => {
    const cases: Array<[unknown, number, RegExp, string | null]> = [
      ['{"model": ', 400, /not valid JSON/, null],
      [{ model: MODEL, messages: messages('x'), stop: ['\n'] }, 400, /unknown field "stop"/, 'stop'],
      [{ model: MODEL, messages: messages('x'), top_logprobs: 5 }, 400, /top_logprobs may be 0 or 1/, 'top_logprobs'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] }, 400, /one item per request/, 'messages'],
      [{ model: 'gpt-4o', messages: messages('x') }, 404, /does not exist: this server serves "gpt-oss-safeguard-scripted"/, 'model'],
      [{ model: MODEL, messages: messages('word '.repeat(600)) }, 400, /exceeds the 512-token context/, 'messages'],
    ];
    for (const [body, status, message, param] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      const { error } = await response.json();
      expect(error.message).toMatch(message);
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toBe(param);
    }
    expect((await fetch(`${base}/completions`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/models`)).status).toBe(200);
    // Without a batch, requests are decoded one at a time.
    expect(await (await fetch(`${base.replace(/\/v1$/, '')}/health`)).json()).toEqual({ status: 'ok', running: 0, waiting: 0, batch_slots: 1 });
  }, SLOW);

  it('answers 429 when the line is full, and a client that goes away cancels its generation', async () => {
    finished.length = 0;
    const first = new AbortController();
    const running = await post({ model: MODEL, messages: messages('one'), stream: true }, { signal: first.signal });
    const reader = running.body!.getReader();
    await reader.read(); // the role chunk: the first request is on the GPU
    const waiting = post({ model: MODEL, messages: messages('two'), max_tokens: 3 });
    await expect.poll(() => server.queue.waiting).toBe(1);
    const refused = await post({ model: MODEL, messages: messages('three') });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await refused.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'queue_full' });

    first.abort();
    await expect.poll(() => finished.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    expect(finished[0].outcome).toBe('cancelled');
    expect(finished[0].generated).toBeLessThan(10); // stopped well before the scripted answer's end
    const second = await (await waiting).json();
    expect(second.choices[0].finish_reason).toBe('length');
    expect(second.usage.completion_tokens).toBe(3);
  }, SLOW);

  it('allows only the configured browser origins', async () => {
    const preflight = await fetch(`${base}/chat/completions`, {
      method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-stainless-os' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-stainless-os');
    const other = await fetch(`${base}/models`, { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await other.json()).error.message).toMatch(/--cors-origin https:\/\/evil\.example/);
  });
});
