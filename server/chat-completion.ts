// One POST /v1/chat/completions: the request checked, queued for the GPU, classified by the same Classifier as the
// app and the CLI (the policy prefix restored when the system message repeats), and written back streamed (SSE)
// or whole. A client that disconnects cancels its generation, waiting or running.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Classifier } from '../classify/classifier';
import { pinRequest, type ClassifyEvent, type ClassifyResult } from '../classify/request';
import { BoundedQueue, QueueFullError } from './bounded-queue';
import { BadChatRequest, parseChatRequest, type ChatRequest } from './chat-request';
import { chunk, completion, errorBody, finishReason, tokenLogprob, usageChunk, type CompletionIds, type TokenLogprob } from './completion-body';
import { HttpError, readBody, sendError, sendJson } from './http-io';

export interface ChatContext {
  classifier: Classifier;
  modelName: string;
  queue: BoundedQueue;
  /** Greedy requests go here when the server decodes requests together (openai-server.ts, `batch`). */
  batch?: { queue: BoundedQueue; take(): Classifier };
  maxBodyBytes: number;
  /** Told of every request that reached the GPU queue: how it ended and how many tokens it generated. */
  onFinished?: (record: { id: string; outcome: 'done' | 'cancelled' | 'failed'; generated: number; ms: number }) => void;
}

let counter = 0;

export async function chatCompletion(req: IncomingMessage, res: ServerResponse, ctx: ChatContext) {
  let request: ChatRequest;
  try {
    const text = await readBody(req, ctx.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
    }
    request = parseChatRequest(body);
    if (request.model !== ctx.modelName) throw new HttpError(404, `The model "${request.model}" does not exist: this server serves "${ctx.modelName}"`, 'invalid_request_error', 'model', 'model_not_found');
  } catch (error) {
    if (error instanceof BadChatRequest) return sendError(res, new HttpError(400, error.message, 'invalid_request_error', error.param));
    if (error instanceof HttpError) return sendError(res, error);
    throw error;
  }

  const ids: CompletionIds = { id: `chatcmpl-${Date.now().toString(36)}${(counter++).toString(36)}`, created: Math.floor(Date.now() / 1000), model: ctx.modelName };
  const controller = new AbortController();
  res.on('close', () => !res.writableFinished && controller.abort());
  const started = performance.now();
  const logprobs: TokenLogprob[] = [];
  let generated = 0;
  const send = (data: unknown) => {
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const onEvent = (event: ClassifyEvent) => {
    if (event.type === 'prompt') return request.stream && send(chunk(ids, { role: 'assistant', content: '' }));
    generated++;
    const entry = event.type === 'answer' && request.logprobs && event.probability !== undefined ? [tokenLogprob(event.text, event.probability, request.topLogprobs)] : null;
    if (entry) logprobs.push(...entry);
    if (!request.stream) return;
    send(chunk(ids, event.type === 'answer' ? { content: event.text } : { reasoning: event.text }, entry ? { logprobs: { content: entry } } : {}));
  };

  let result: ClassifyResult;
  try {
    // Greedy requests share decode passes on a batch's slots; a sampled one runs alone on the single sequence.
    const together = ctx.batch && !((request.temperature ?? 0) > 0) ? ctx.batch : null;
    result = await (together?.queue ?? ctx.queue).run(async () => {
      const classifier = together ? together.take() : ctx.classifier;
      try {
        const pinned = pinRequest({ policy: request.policy, content: request.content, effort: request.effort, format: { kind: 'binary' }, temperature: request.temperature, topP: request.topP, seed: request.seed, maxTokens: 1 });
        const { promptTokens, capacity } = classifier.measure(pinned);
        // Like vLLM, no max_tokens means whatever the context has left after the prompt.
        const maxTokens = request.maxTokens ?? Math.max(1, capacity - promptTokens);
        return await classifier.classify({ ...pinned, maxTokens }, onEvent, controller.signal);
      } finally {
        if (together) classifier.dispose();
      }
    }, controller.signal);
  } catch (error) {
    const e = error as Error;
    const outcome = controller.signal.aborted ? 'cancelled' : 'failed';
    if (!(error instanceof QueueFullError)) ctx.onFinished?.({ id: ids.id, outcome, generated, ms: performance.now() - started });
    if (outcome === 'cancelled') return void res.end();
    const http = error instanceof QueueFullError ? new HttpError(429, e.message, 'rate_limit_error', null, 'queue_full')
      : e.name === 'InvalidRequestError' ? new HttpError(400, e.message, 'invalid_request_error', 'messages', /context/.test(e.message) ? 'context_length_exceeded' : null)
      : new HttpError(500, `${e.name}: ${e.message}`, 'server_error');
    if (!res.headersSent) return sendError(res, http, http.status === 429 ? { 'retry-after': '1' } : {});
    // Mid-stream: the status is already 200, so the error goes in the stream, as OpenAI's servers do.
    send(errorBody(http.message, http.type, http.param, http.code));
    return void res.end();
  }
  ctx.onFinished?.({ id: ids.id, outcome: 'done', generated: result.tokens.generated, ms: performance.now() - started });
  if (!request.stream) return sendJson(res, 200, completion(ids, result, request.logprobs ? logprobs : null));
  send(chunk(ids, {}, { finish_reason: finishReason(result) }));
  if (request.includeUsage) send(usageChunk(ids, result));
  res.end('data: [DONE]\n\n');
}
