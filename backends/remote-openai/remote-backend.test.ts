// Contract tests of the remote backend against the response shapes vLLM, Ollama and LM Studio document
// (testdata/recorded-responses.ts), through the real OpenAI client with only fetch replaced.
import { describe, expect, it } from 'vitest';
import type { ClassifyEvent, ClassifyInput } from '../../classify/request';
import { RemoteOpenAIBackend } from './remote-backend';
import * as recorded from './testdata/recorded-responses';

interface Sent { url: string; method: string; headers: Headers; body: Record<string, unknown> | null }

/** A fetch that answers each path from a table and records what was sent. */
function fakeServer(routes: Record<string, () => Response>) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    sent.push({ url: url.href, method: init?.method ?? 'GET', headers: new Headers(init?.headers), body });
    const route = routes[`${init?.method ?? 'GET'} ${url.pathname}`];
    return route ? route() : new Response('{"error": {"message": "no route"}}', { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}
const json = (body: object, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const stream = (chunks: object[]) => () => new Response(recorded.sse(chunks), { headers: { 'content-type': 'text/event-stream' } });

const binary = (content: string): ClassifyInput => ({ policy: '# Spam\nReturn 0 or 1.', content, effort: 'medium', format: { kind: 'binary' }, date: '2026-11-22', maxTokens: 512 });

describe('RemoteOpenAIBackend against vLLM', () => {
  const server = () => fakeServer({ 'GET /v1/models': json(recorded.VLLM_MODELS), 'POST /v1/chat/completions': stream(recorded.VLLM_STREAM) });

  it('sends the policy as the system message and the content as the user message, streams reasoning and reads the probability from logprobs', async () => {
    const { fetch, sent } = server();
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch });
    await backend.prepare();
    expect(backend.getStatus()).toMatchObject({ phase: 'ready', models: [recorded.VLLM_MODEL], server: { host: 'gpu-box:8000', baseUrl: 'http://gpu-box:8000/v1' } });
    const events: ClassifyEvent[] = [];
    const result = await backend.classify(binary('Buy cheap watches'), { onEvent: (e) => events.push(e) });

    const request = sent.find((s) => s.url.endsWith('/chat/completions'))!;
    expect(request.body).toMatchObject({
      model: recorded.VLLM_MODEL, stream: true, reasoning_effort: 'medium', max_tokens: 512, temperature: 0, logprobs: true,
      messages: [{ role: 'system', content: '# Spam\nReturn 0 or 1.' }, { role: 'user', content: 'Buy cheap watches' }],
    });
    expect(request.headers.get('authorization')).toBeNull(); // no key: no Authorization header at all
    expect(result.reasoning).toBe('The content advertises watches: rule SP1.');
    expect(result.answer).toBe('1');
    expect(result.verdict).toMatchObject({ label: 'violation', violation: 1, problems: [] });
    expect(result.probability).toBeCloseTo(0.9, 6);
    expect(result.stop).toBe('return');
    expect(result.tokens).toMatchObject({ prompt: 812, generated: 9, policyPrefilled: 812 - 640 });
    expect(result.server).toEqual({ host: 'gpu-box:8000', model: recorded.VLLM_MODEL, logprobs: true });
    expect(events.filter((e) => e.type === 'reasoning').map((e) => ('text' in e ? e.text : '')).join('')).toBe(result.reasoning);
    expect(events.find((e) => e.type === 'answer')).toMatchObject({ text: '1', probability: expect.closeTo(0.9, 6) });
  });

  it('sends the API key only as a bearer token to the server', async () => {
    const { fetch, sent } = server();
    const backend = new RemoteOpenAIBackend({ baseUrl: 'https://vllm.internal/v1/', model: recorded.VLLM_MODEL, apiKey: 'sk-team' }, { fetch });
    await backend.prepare();
    await backend.classify(binary('x'));
    expect(sent.every((s) => new URL(s.url).origin === 'https://vllm.internal')).toBe(true);
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual(['Bearer sk-team', 'Bearer sk-team']);
  });

  it('reports the server\'s own words for a prompt over its context (vLLM\'s top-level error body)', async () => {
    const { fetch } = fakeServer({ 'POST /v1/chat/completions': json(recorded.VLLM_CONTEXT_ERROR, 400) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000/v1', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch });
    const error = await backend.classify(binary('x')).catch((e) => e);
    expect(error.name).toBe('InvalidRequestError'); // a batch records it on the row and goes on
    expect(error.message).toMatch(/^gpu-box:8000 answered 400: This model's maximum context length is 8192 tokens/);
  });

  it('finds the answer tokens when the server lists every token in the answer chunk', async () => {
    const { fetch } = fakeServer({ 'POST /v1/chat/completions': stream(recorded.ALL_LOGPROBS_AT_END) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000/v1', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch });
    const result = await backend.classify(binary('fine'));
    expect(result.verdict.label).toBe('no violation');
    expect(result.probability).toBeCloseTo(0.7, 6);
  });
});

describe('RemoteOpenAIBackend against Ollama', () => {
  it('reads delta.reasoning and a JSON answer; without logprobs the probability is not available', async () => {
    const { fetch } = fakeServer({ 'GET /v1/models': json(recorded.OLLAMA_MODELS), 'POST /v1/chat/completions': stream(recorded.OLLAMA_STREAM) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://localhost:11434', model: recorded.OLLAMA_MODEL, apiKey: '' }, { fetch });
    await backend.prepare();
    const result = await backend.classify({ ...binary('see you at 6'), format: { kind: 'json' } });
    expect(result.reasoning).toBe('Personal message, no promotion.');
    expect(result.verdict).toMatchObject({ label: 'no violation', violation: 0, confidence: 'high', rationale: 'A note to a friend.', problems: [] });
    expect(result.probability).toBeNull();
    expect(result.server?.logprobs).toBe(false);
    expect(result.tokens.generated).toBe(4); // no usage chunk: the chunks that carried text
  });

  it('names a model the server does not have, with what it does serve', async () => {
    const { fetch } = fakeServer({ 'GET /v1/models': json(recorded.OLLAMA_MODELS), 'POST /v1/chat/completions': json(recorded.OLLAMA_NOT_FOUND, 404) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://localhost:11434/v1', model: 'gpt-oss-safeguard:120b', apiKey: '' }, { fetch });
    await expect(backend.prepare()).rejects.toMatchObject({ name: 'ServerModelError', message: expect.stringMatching(/does not serve "gpt-oss-safeguard:120b"\. It serves: gpt-oss-safeguard:20b\./) });
    expect(backend.getStatus()).toMatchObject({ phase: 'unavailable', error: { name: 'ServerModelError' } });
    const error = await backend.classify(binary('x')).catch((e) => e);
    expect(error).toMatchObject({ name: 'ServerModelError', message: expect.stringMatching(/not found, try pulling it first/) });
  });

  it('reads the reasoning under "thinking" too', async () => {
    const { fetch } = fakeServer({ 'POST /v1/chat/completions': stream(recorded.THINKING_STREAM) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://localhost:11434/v1', model: recorded.OLLAMA_MODEL, apiKey: '' }, { fetch });
    const result = await backend.classify(binary('sale'));
    expect(result.reasoning).toBe('Borderline, but a sale.');
    expect(result.verdict.violation).toBe(1);
  });
});

describe('RemoteOpenAIBackend against LM Studio', () => {
  it('reads reasoning_content and a label answer whose probability spans two tokens', async () => {
    const { fetch } = fakeServer({ 'GET /v1/models': json(recorded.LMSTUDIO_MODELS), 'POST /v1/chat/completions': stream(recorded.LMSTUDIO_STREAM) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://127.0.0.1:1234/v1', model: recorded.LMSTUDIO_MODEL, apiKey: '' }, { fetch });
    const result = await backend.classify({ ...binary('shop link'), format: { kind: 'labels', labels: ['SP0', 'SP3'] } });
    expect(result.reasoning).toBe('Spam: unsolicited links to a shop.');
    expect(result.verdict.label).toBe('SP3');
    expect(result.probability).toBeCloseTo(0.99 * 0.6, 6);
  });

  it('reports a plain-text error body in the server\'s words', async () => {
    const { fetch } = fakeServer({ 'POST /v1/chat/completions': json(recorded.LMSTUDIO_ERROR, 400) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://127.0.0.1:1234/v1', model: recorded.LMSTUDIO_MODEL, apiKey: '' }, { fetch });
    await expect(backend.classify(binary('x'))).rejects.toMatchObject({ name: 'ServerModelError', message: expect.stringMatching(/is not loaded\. Load it in LM Studio first\./) });
  });
});

describe('RemoteOpenAIBackend faults', () => {
  it('retries 429 and 503 with backoff, then succeeds', async () => {
    let calls = 0;
    const answers = [json({ error: { message: 'busy' } }, 429), json({ error: { message: 'warming up' } }, 503), stream(recorded.VLLM_STREAM)];
    const fetch = (async () => answers[Math.min(calls++, 2)]()) as typeof globalThis.fetch;
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000/v1', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch });
    const result = await backend.classify(binary('x'));
    expect(calls).toBe(3);
    expect(result.verdict.violation).toBe(1);
  });

  it('gives up on a server that stays busy with ServerBusyError', async () => {
    const fetch = (async () => json({ error: { message: 'queue full' } }, 429)()) as typeof globalThis.fetch;
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000/v1', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch, maxRetries: 1 });
    await expect(backend.classify(binary('x'))).rejects.toMatchObject({ name: 'ServerBusyError', message: expect.stringMatching(/queue full/) });
  });

  it('says the server cannot be reached when the connection fails', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://nowhere:9/v1', model: 'm', apiKey: '' }, { fetch, maxRetries: 0 });
    await expect(backend.prepare()).rejects.toMatchObject({ name: 'ServerUnreachableError', message: expect.stringMatching(/Could not reach nowhere:9.*CORS/) });
  });

  it('asks again without logprobs when the server refuses the field', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const fetch = (async (_: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      bodies.push(body);
      return body.logprobs ? json({ error: { message: 'logprobs is not supported' } }, 400)() : stream(recorded.THINKING_STREAM)();
    }) as typeof globalThis.fetch;
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://x:1/v1', model: 'm', apiKey: '' }, { fetch });
    expect((await backend.classify(binary('a'))).probability).toBeNull();
    await backend.classify(binary('b'));
    expect(bodies.map((b) => b.logprobs ?? false)).toEqual([true, false, false]);
  });

  it('cancel() stops a stream and rejects with AbortedError', async () => {
    const fetch = (async (_: unknown, init?: RequestInit) =>
      new Response(new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(recorded.VLLM_STREAM[1])}\n\n`));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      }), { headers: { 'content-type': 'text/event-stream' } })) as typeof globalThis.fetch;
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://x:1/v1', model: 'm', apiKey: '' }, { fetch });
    const events: ClassifyEvent[] = [];
    const running = backend.classify(binary('a'), { onEvent: (e) => events.push(e) });
    await expect.poll(() => events.length).toBe(1);
    backend.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortedError' });
  });

  it('treats a stream cut off before its finish reason as an error, not an answer', async () => {
    const { fetch } = fakeServer({ 'POST /v1/chat/completions': () => new Response(recorded.VLLM_STREAM.slice(0, 3).map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')) });
    const backend = new RemoteOpenAIBackend({ baseUrl: 'http://gpu-box:8000/v1', model: recorded.VLLM_MODEL, apiKey: '' }, { fetch });
    await expect(backend.classify(binary('x'))).rejects.toMatchObject({ name: 'ServerResponseError', message: expect.stringMatching(/closed the connection before the answer finished/) });
  });

  it('is unavailable with a base URL that is not one, and sends nothing', async () => {
    const { fetch, sent } = fakeServer({});
    const backend = new RemoteOpenAIBackend({ baseUrl: 'localhost 8000', model: 'm', apiKey: '' }, { fetch });
    expect(backend.getStatus()).toMatchObject({ phase: 'unavailable', error: { name: 'InvalidRequestError', message: expect.stringMatching(/is not a URL/) } });
    await expect(backend.prepare()).rejects.toThrow(/is not a URL/);
    await expect(backend.classify(binary('x'))).rejects.toThrow(/is not a URL/);
    expect(new RemoteOpenAIBackend({ baseUrl: 'ftp://x/v1', model: 'm', apiKey: '' }).getStatus().error?.message).toMatch(/http:\/\/ or https:\/\//);
    expect(sent).toEqual([]);
  });
});
