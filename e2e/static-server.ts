// A small static file server for e2e pages that must come from their own origin (the widget example under a CSP,
// pages embedding the iframe from another origin). Free port; routes map URL prefixes to folders or fixed pages.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.md': 'text/markdown', '.json': 'application/json', '.map': 'application/json' };

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export async function startStaticServer(routes: Record<string, string | { html: string }>, headers: Record<string, string> = {}): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const prefix = Object.keys(routes).sort((a, b) => b.length - a.length).find((p) => url.pathname.startsWith(p));
    const route = prefix === undefined ? undefined : routes[prefix];
    try {
      if (route === undefined) throw new Error('no route');
      if (typeof route !== 'string') {
        res.writeHead(200, { 'content-type': 'text/html', ...headers });
        return void res.end(route.html);
      }
      const rest = url.pathname.slice(prefix!.length) || 'index.html';
      const file = path.resolve(route, rest);
      if (!file.startsWith(path.resolve(route))) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
