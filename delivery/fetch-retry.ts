// HTTP with retries: network errors, connections dropped mid-body, 429 (honouring Retry-After / RateLimit) and
// 5xx are retried with exponential backoff; 404/403 and other client errors fail at once with a clear message.
import { AbortedError, DownloadError } from '../common/errors';

export interface RetryOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  attempts?: number;
  baseDelayMs?: number;
  /** Called before each wait, e.g. to show "retrying in 2 s (HTTP 503)". */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

const DEFAULT_ATTEMPTS = 8;
const MAX_DELAY_MS = 60_000;

class Retryable extends Error {
  constructor(
    message: string,
    readonly delayHintMs: number | null = null,
  ) {
    super(message);
  }
}

/** Delay a 429/503 asks for: Retry-After (seconds or HTTP date), else the RateLimit header's t=<seconds>. */
export function serverDelayMs(headers: Headers, now = Date.now()): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const t = headers.get('ratelimit')?.match(/t=(\d+)/);
  return t ? Number(t[1]) * 1000 : null;
}

function fatalHttp(url: string, status: number, statusText: string): DownloadError {
  const why =
    status === 404
      ? 'the file is not there: check the model base URL (mirror) and revision'
      : status === 401 || status === 403
        ? 'access was refused: the server needs credentials or does not allow this site (CORS); check the mirror settings'
        : 'the server rejected the request';
  return new DownloadError(`${url}: HTTP ${status} ${statusText}: ${why}.`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError('Download stopped.'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new AbortedError('Download stopped.'));
    }, { once: true });
  });
}

/**
 * Runs `attempt` (fetch + read the body) until it succeeds. `attempt` gets a checked Response: its status is 2xx.
 * Any error while reading the body counts as a dropped connection and is retried.
 */
export async function withRetries<T>(url: string, options: RetryOptions, attempt: (response: Response) => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const base = options.baseDelayMs ?? 500;
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw new AbortedError('Download stopped.');
    try {
      let response: Response;
      try {
        response = await fetch(url, { headers: options.headers, signal: options.signal, referrerPolicy: 'no-referrer' });
      } catch (error) {
        if (options.signal?.aborted) throw new AbortedError('Download stopped.');
        throw new Retryable(`network error (${(error as Error).message})`);
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel().catch(() => {});
        throw new Retryable(`HTTP ${response.status}`, serverDelayMs(response.headers));
      }
      if (!response.ok) throw fatalHttp(url, response.status, response.statusText);
      try {
        return await attempt(response);
      } catch (error) {
        if (options.signal?.aborted) throw new AbortedError('Download stopped.');
        if (error instanceof DownloadError || error instanceof Retryable) throw error;
        throw new Retryable(`connection lost while reading (${(error as Error).message})`);
      }
    } catch (error) {
      if (!(error instanceof Retryable)) throw error;
      if (n >= attempts) throw new DownloadError(`${url}: gave up after ${attempts} attempts (last: ${error.message}). Check the connection and press Resume.`);
      const delayMs = Math.min(MAX_DELAY_MS, error.delayHintMs ?? base * 2 ** (n - 1));
      options.onRetry?.({ url, attempt: n, delayMs, reason: error.message });
      await sleep(delayMs, options.signal);
    }
  }
}

/** A whole response, retried as above. */
export function fetchWithRetry(url: string, options: RetryOptions = {}): Promise<Response> {
  return withRetries(url, options, async (response) => new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers }));
}

/** Bytes [start, end) with a Range request; the answer must be a 206 of exactly that length. */
export function fetchRange(url: string, start: number, end: number, options: RetryOptions & { onBytes?: (n: number) => void } = {}): Promise<Uint8Array> {
  return withRetries(url, { ...options, headers: { ...options.headers, Range: `bytes=${start}-${end - 1}` } }, async (response) => {
    if (response.status !== 206) {
      throw new DownloadError(`${url}: the server ignored the Range request (HTTP ${response.status} instead of 206); it must support byte ranges`);
    }
    const out = new Uint8Array(end - start);
    let filled = 0;
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (filled + value.length > out.length) throw new DownloadError(`${url}: the server sent more than the ${out.length} bytes asked for`);
        out.set(value, filled);
        filled += value.length;
        options.onBytes?.(value.length);
      }
      if (filled !== out.length) throw new Error(`got ${filled} of ${out.length} bytes`);
    } catch (error) {
      options.onBytes?.(-filled); // these bytes will be fetched again
      throw error;
    }
    return out;
  });
}
