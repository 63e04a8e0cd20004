// `safeguard serve`: our engine behind the OpenAI API (GET /v1/models, POST /v1/chat/completions, GET /health), so
// the app's server mode, the batch runner, the openai client and anything written for vLLM can use it.
import { createServer, type Server } from 'node:http';
import type { Classifier } from '../classify/classifier';
import { BoundedQueue } from './bounded-queue';
import { chatCompletion, type ChatContext } from './chat-completion';
import { applyCors, HttpError, sendError, sendJson } from './http-io';

export interface ServeOptions {
  classifier: Classifier;
  /** The name clients ask for (and /v1/models lists). */
  modelName: string;
  /** Browser origins allowed to call (CORS); '*' allows any. */
  corsOrigins?: readonly string[];
  /** Requests that may wait (per line: the single sequence's and the batch's); more get 429. */
  maxWaiting?: number;
  /**
   * Requests decoded together (continuous batching): a greedy request (temperature 0, the default) takes a
   * classifier on a free slot of a batch, up to `slots` at once, all sharing each decode pass. Sampled requests,
   * and every request without this, run one at a time on `classifier`.
   */
  batch?: BatchLane;
  maxBodyBytes?: number;
  onFinished?: ChatContext['onFinished'];
  /** One line per request (method, path, status, time): never the content. */
  log?: (line: string) => void;
}

export interface BatchLane {
  slots: number;
  /** A classifier on a free slot; its dispose() gives the slot back. */
  take(): Classifier;
}

export function createOpenAIServer(options: ServeOptions): Server & { queue: BoundedQueue; batchQueue: BoundedQueue | null } {
  const maxWaiting = options.maxWaiting ?? 16;
  const queue = new BoundedQueue(maxWaiting);
  const batch = options.batch ? { queue: new BoundedQueue(maxWaiting, options.batch.slots), take: options.batch.take } : undefined;
  const batchQueue = batch?.queue ?? null;
  const ctx: ChatContext = {
    classifier: options.classifier, modelName: options.modelName, queue, maxBodyBytes: options.maxBodyBytes ?? 8 << 20, onFinished: options.onFinished, batch,
  };
  const created = Math.floor(Date.now() / 1000);
  const server = createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${((performance.now() - started) / 1000).toFixed(1)} s`));
    if (!applyCors(req, res, options.corsOrigins ?? [])) return;
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    if (route === 'GET /v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: options.modelName, object: 'model', created, owned_by: 'safeguard' }] });
    if (route === 'GET /health') {
      return sendJson(res, 200, { status: 'ok', running: queue.running + (batchQueue?.running ?? 0), waiting: queue.waiting + (batchQueue?.waiting ?? 0), batch_slots: options.batch?.slots ?? 1 }); // 1: one request decoded at a time
    }
    if (route === 'POST /v1/chat/completions') {
      return void chatCompletion(req, res, ctx).catch((error: Error) => sendError(res, new HttpError(500, `${error.name}: ${error.message}`, 'server_error')));
    }
    const known = ['/v1/models', '/health', '/v1/chat/completions'].includes(path);
    sendError(res, new HttpError(known ? 405 : 404, known ? `${req.method} is not allowed on ${path}` : `no such endpoint: ${req.method} ${path} (this server offers GET /v1/models and POST /v1/chat/completions)`));
  });
  return Object.assign(server, { queue, batchQueue });
}
