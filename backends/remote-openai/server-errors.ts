// What went wrong talking to the server, as our named errors (the UI has advice for each). Servers word their
// error bodies differently: OpenAI, Ollama and LM Studio {"error": {"message"}}, vLLM {"object": "error",
// "message"}, LM Studio sometimes {"error": "text"}.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import {
  AbortedError, InvalidRequestError, ServerAuthError, ServerBusyError, ServerModelError, ServerResponseError, ServerUnreachableError,
} from '../../common/errors';

/** The server's own words from an error body (parsed JSON or text). */
export function serverMessage(body: unknown): string | null {
  if (typeof body === 'string') {
    try {
      return serverMessage(JSON.parse(body)) ?? (body.trim().slice(0, 300) || null);
    } catch {
      return body.trim().slice(0, 300) || null;
    }
  }
  if (typeof body !== 'object' || body === null) return null;
  const o = body as { error?: unknown; message?: unknown; detail?: unknown };
  if (typeof o.error === 'string') return o.error;
  if (typeof o.error === 'object' && o.error !== null) return serverMessage(o.error);
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  return null;
}

export function toServerError(error: unknown, host: string, model: string): Error {
  if (error instanceof APIUserAbortError || (error as Error)?.name === 'AbortError') return new AbortedError('Classification was cancelled.');
  if (error instanceof APIConnectionError) {
    return new ServerUnreachableError(`Could not reach ${host}: the server is not running, the URL is wrong, or it does not allow requests from this page (CORS).`);
  }
  if (!(error instanceof APIError)) return error instanceof Error ? error : new Error(String(error));
  const said = serverMessage(error.error) ?? serverMessage(error.message.replace(/^\d{3}\s*/, '')) ?? 'no message';
  const status = error.status;
  if (status === 401 || status === 403) return new ServerAuthError(`${host} answered ${status}: ${said}`);
  if (status === 404 || (status === 400 && /model/i.test(said) && /(not (found|exist|loaded)|does not exist|unknown)/i.test(said))) {
    return new ServerModelError(`${host} does not serve the model "${model}" (${status}: ${said}).`);
  }
  // The server refused this request (most often: the prompt is over its context): a batch records it on the row.
  if (status === 400 || status === 413 || status === 422) return new InvalidRequestError(`${host} answered ${status}: ${said}`);
  if (status === 429) return new ServerBusyError(`${host} kept answering 429 (too many requests): ${said}`);
  return new ServerResponseError(status ? `${host} answered ${status}: ${said}` : `${host} stopped the answer with an error: ${said}`);
}

/**
 * A fetch that moves a top-level error body (vLLM's {"object": "error", "message"}) under "error", where the
 * OpenAI client looks: otherwise the client drops the server's message and reports only the status.
 */
export function withErrorBodiesUnderError(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.ok) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response(text, response);
    }
    const moved = typeof body === 'object' && body !== null && !('error' in body) ? JSON.stringify({ error: body }) : text;
    return new Response(moved, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
