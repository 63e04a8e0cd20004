// ClassifierBackend over an OpenAI-compatible server (vLLM, LM Studio, Ollama, safeguard serve). The prompt is
// rendered by the server from the system (policy) and user (content) messages; the answer is read with the same
// verdict parsers as the local engine, and the label probability comes from the server's logprobs when it sends
// them. Content typed into the app leaves the machine in this mode: the UI says so and names the host.
import OpenAI from 'openai';
import type { BackendStatus, ClassifierBackend, ClassifyOptions, PromptSize } from '../classifier-backend';
import { AbortedError, describeError, InvalidRequestError, ServerModelError, ServerResponseError } from '../../common/errors';
import { parseVerdict } from '../../classify/parse-verdict';
import { verdictProbability } from '../../classify/probability';
import { pinRequest, type ClassifyInput, type ClassifyResult } from '../../classify/request';
import { manyFromOne, type ClassifyManyOptions, type ManyOutcome } from '../../classify/classify-many';
import { chatRequestBody } from './chat-request';
import { alignAnswerTokens, readCompletionStream, type ChunkLike } from './completion-stream';
import { normaliseBaseUrl, serverHost, type ServerConfig } from './server-config';
import { toServerError, withErrorBodiesUnderError } from './server-errors';

/** Requests sent at once by classifyMany unless the caller says (vLLM and the like batch them). */
export const SERVER_CONCURRENCY = 4;

export interface RemoteStatus extends BackendStatus {
  server: { baseUrl: string; host: string; model: string };
  /** Model names the server listed at the last connection test. */
  models: string[];
}

export interface RemoteOptions {
  /** Retries on 429, 5xx and dropped connections, with exponential backoff (the OpenAI client's). */
  maxRetries?: number;
  /** For tests: the fetch the client uses. */
  fetch?: typeof fetch;
}

export class RemoteOpenAIBackend implements ClassifierBackend<RemoteStatus> {
  readonly kind = 'remote-openai';
  private status: RemoteStatus;
  private readonly listeners = new Set<(s: RemoteStatus) => void>();
  private readonly client: OpenAI;
  private readonly running = new Set<AbortController>();
  /** Cleared when the server refused the logprobs field once; the probability is then "not available". */
  private logprobs = true;
  private readonly invalid: InvalidRequestError | null;

  constructor(config: ServerConfig, options: RemoteOptions = {}) {
    const base = normaliseBaseUrl(config.baseUrl);
    // A URL that is not one leaves the backend unavailable, saying why; nothing is ever sent.
    this.invalid = 'problem' in base ? new InvalidRequestError(base.problem) : null;
    const baseUrl = 'url' in base ? base.url : 'http://invalid.invalid/v1';
    this.client = new OpenAI({
      baseURL: baseUrl,
      // The key is the user's own, typed into this browser, and sent only to this server.
      apiKey: config.apiKey || 'unused',
      ...(!config.apiKey && { defaultHeaders: { Authorization: null } }),
      dangerouslyAllowBrowser: true,
      maxRetries: options.maxRetries ?? 4,
      timeout: 10 * 60_000,
      fetch: withErrorBodiesUnderError(options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
    });
    const host = this.invalid ? config.baseUrl : serverHost(baseUrl);
    this.status = {
      phase: this.invalid ? 'unavailable' : 'idle', model: null, error: this.invalid && describeError(this.invalid), notice: null,
      server: { baseUrl: this.invalid ? config.baseUrl : baseUrl, host, model: config.model }, models: [],
    };
  }

  getStatus = () => this.status;

  subscribe(listener: (s: RemoteStatus) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private set(patch: Partial<RemoteStatus>) {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l(this.status);
  }

  /** Tests the connection: lists the server's models and checks ours is among them. Sends no content. */
  async prepare(): Promise<void> {
    if (this.invalid) throw this.invalid;
    const { host, model } = this.status.server;
    if (!model.trim()) {
      const error = new ServerModelError('Enter the model name the server serves (Test connection lists them).');
      this.set({ phase: 'unavailable', error: describeError(error) });
      throw error;
    }
    this.set({ phase: 'starting', error: null });
    try {
      const models: string[] = [];
      for await (const m of this.client.models.list({ timeout: 15_000, maxRetries: 1 })) models.push(m.id);
      if (!models.includes(model)) {
        const offered = models.length ? `It serves: ${models.join(', ')}.` : 'It lists no models.';
        throw new ServerModelError(`${host} does not serve "${model}". ${offered}`);
      }
      this.set({ phase: 'ready', models, model: { id: model, name: `${model} on ${host}` } });
    } catch (error) {
      const named = error instanceof ServerModelError ? error : toServerError(error, host, model);
      this.set({ phase: 'unavailable', model: null, error: describeError(named) });
      throw named;
    }
  }

  async classify(input: ClassifyInput, { signal, onEvent = () => {} }: ClassifyOptions = {}): Promise<ClassifyResult> {
    if (this.invalid) throw this.invalid;
    const request = pinRequest(input);
    const { host, model } = this.status.server;
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    if (signal?.aborted) abort();
    this.running.add(controller);
    const started = performance.now();
    try {
      const stream = await this.createStream(request, controller.signal);
      const read = await readCompletionStream(stream as AsyncIterable<ChunkLike>, onEvent, started);
      // The client ends a stream quietly when it is aborted or the connection drops: neither is an answer.
      if (controller.signal.aborted) throw new AbortedError('Classification was cancelled.');
      if (read.finishReason === null) throw new ServerResponseError(`${host} closed the connection before the answer finished.`);
      const totalMs = performance.now() - started;
      const stop = read.finishReason === 'stop' ? 'return' : null;
      const problems = read.finishReason === 'length' ? ['the answer stopped at the output limit (finish_reason "length")'] : [];
      const verdict = parseVerdict(read.answer, request.format, problems);
      const tokens = read.answer === null ? null : alignAnswerTokens(read.answer, read.answerTokens, read.allTokens);
      const prompt = read.usage.prompt ?? 0;
      const generated = read.usage.completion ?? read.textChunks;
      const prefillMs = read.firstTextMs ?? totalMs;
      const decodeMs = totalMs - prefillMs;
      return {
        verdict,
        probability: tokens ? verdictProbability(verdict, tokens) : null,
        reasoning: read.reasoning,
        answer: read.answer,
        raw: read.answer === null ? read.reasoning : `${read.reasoning}\n\n${read.answer}`,
        stop,
        date: request.date,
        // The server renders the prompt: only its total is known (and what its prefix cache held, when it says).
        tokens: { prompt, policy: 0, policyPrefilled: read.usage.cachedPrompt === null ? prompt : prompt - read.usage.cachedPrompt, content: 0, generated },
        timings: {
          prefillMs, decodeMs, totalMs,
          prefillTokensPerS: prompt ? (prompt / prefillMs) * 1000 : 0,
          decodeTokensPerS: generated > 1 && decodeMs > 0 ? ((generated - 1) / decodeMs) * 1000 : 0,
        },
        server: { host, model, logprobs: read.allTokens.length > 0 },
      };
    } catch (error) {
      throw toServerError(error, host, model);
    } finally {
      signal?.removeEventListener('abort', abort);
      this.running.delete(controller);
    }
  }

  private async createStream(request: ReturnType<typeof pinRequest>, signal: AbortSignal) {
    const { model } = this.status.server;
    try {
      return await this.client.chat.completions.create(chatRequestBody(request, { model, logprobs: this.logprobs }), { signal });
    } catch (error) {
      // A server that does not take logprobs says so in a 400: ask again without them (no probability then).
      if (this.logprobs && error instanceof OpenAI.BadRequestError && /logprob/i.test(error.message)) {
        this.logprobs = false;
        return this.client.chat.completions.create(chatRequestBody(request, { model, logprobs: false }), { signal });
      }
      throw error;
    }
  }

  /** Each item is its own request, SERVER_CONCURRENCY at once unless asked otherwise (the server batches them). */
  classifyMany(inputs: readonly ClassifyInput[], options: ClassifyManyOptions): Promise<ManyOutcome> {
    return manyFromOne((input, o) => this.classify(input, o), SERVER_CONCURRENCY)(inputs, options);
  }

  cancel() {
    for (const c of this.running) c.abort();
  }

  async countTokens(): Promise<number> {
    throw new InvalidRequestError('Token counts come from the model\'s tokenizer, which runs on the server in this mode.');
  }

  async measurePrompt(): Promise<PromptSize> {
    throw new InvalidRequestError('The server measures the prompt against its own context and refuses what does not fit.');
  }

  dispose() {
    this.cancel();
    this.listeners.clear();
  }
}
