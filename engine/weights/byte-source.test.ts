// HttpRangeByteSource against a real HTTP server that honours Range requests (and one that does not).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir } from '../../testing/fixtures';
import { HttpRangeByteSource } from './byte-source';
import { readSafetensorsHeader } from './safetensors';

const file = readFileSync(path.join(fixtureDir('tiny-gpt-oss'), 'model.safetensors'));
let server: Server;
let base: string;
const ranges: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/missing') return res.writeHead(404).end();
    const range = req.headers.range;
    if (req.method === 'HEAD') return res.writeHead(200, { 'content-length': file.length, 'accept-ranges': 'bytes' }).end();
    if (!range || req.url === '/no-ranges') return res.writeHead(200, { 'content-length': file.length }).end(file);
    ranges.push(range);
    const [, start, end] = /bytes=(\d+)-(\d+)/.exec(range)!.map(Number);
    res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${file.length}`, 'content-length': end - start + 1 });
    res.end(file.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

describe('HttpRangeByteSource', () => {
  it('reads the safetensors header and a tensor through Range requests only', async () => {
    const source = await HttpRangeByteSource.open(`${base}/model.safetensors`);
    expect(source.size).toBe(file.length);
    const tensors = await readSafetensorsHeader(source);
    const sinks = tensors.get('model.layers.1.self_attn.sinks')!;
    const bytes = await source.read(sinks.offset, sinks.byteLength);
    expect(Buffer.from(bytes).equals(file.subarray(sinks.offset, sinks.offset + sinks.byteLength))).toBe(true);
    expect(ranges).toContain(`bytes=${sinks.offset}-${sinks.offset + sinks.byteLength - 1}`);
  });

  it('names the URL and status when the file is missing', async () => {
    await expect(HttpRangeByteSource.open(`${base}/missing`)).rejects.toThrow(/\/missing: HTTP 404/);
  });

  it('refuses a server that ignores Range (it would send the whole file)', async () => {
    const source = await HttpRangeByteSource.open(`${base}/no-ranges`);
    await expect(source.read(0, 8)).rejects.toThrow(/expected 206 Partial Content/);
  });
});
