// Small HTTP helpers for the server: a body read with a size limit, JSON answers, and CORS for the origins the
// operator allowed (any other origin is refused outright, so a web page cannot use a local server behind the
// user's back).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './completion-body';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly type = 'invalid_request_error', readonly param: string | null = null, readonly code: string | null = null) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) throw new HttpError(413, `the request body is over ${limit} bytes`);
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const sendError = (res: ServerResponse, e: HttpError, headers: Record<string, string> = {}) =>
  sendJson(res, e.status, errorBody(e.message, e.type, e.param, e.code), headers);

/**
 * Sets the CORS headers for an allowed origin. Returns false (and answers 403) for a browser origin that is not
 * allowed; requests without an Origin (curl, the openai client in Node) pass.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (!allowed.includes(origin) && !allowed.includes('*')) {
    sendError(res, new HttpError(403, `requests from ${origin} are not allowed: start safeguard serve with --cors-origin ${origin}`, 'permission_error'));
    return false;
  }
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      // The OpenAI client sends its own x-stainless-* headers besides authorization and content-type.
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
      'access-control-max-age': '600',
    });
    res.end();
    return false;
  }
  return true;
}
