// A local stand-in for the Hugging Face Hub, for tests and demos: serves a model folder at
// /{repo}/resolve/{revision}/{file} with HTTP Range support and CORS, and the Hub's tree listing (sizes, LFS sha256,
// git blob sha1) at /api/models/{repo}/tree/{revision}. Tests inject faults through /__control:
//   POST /__control/faults  [{"match": "00001", "action": "drop" | "status" | "delay", "status": 429, "times": 1, "retryAfter": 1, "ms": 300}]
//   GET  /__control/log     every request served: {method, path, range, status}
//   POST /__control/tamper  {"file": "model-00001-of-00002.safetensors", "listing": true} serves that file with one byte
//                           changed; with listing: true the tree listing states the changed file's sha256 (a consistent lie)
//   POST /__control/reset   clears faults, tampering and the log
// usage: node scripts/model-server.mjs --root DIR [--port 4174] [--repo safeguard-web/scripted-gpt-oss] [--revision v1]
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { root: { type: 'string' }, port: { type: 'string', default: '4174' }, repo: { type: 'string', default: 'safeguard-web/scripted-gpt-oss' }, revision: { type: 'string', default: 'v1' } },
});
if (!args.root) throw new Error('--root DIR is required');

const files = new Map();
for (const name of readdirSync(args.root)) {
  const full = path.join(args.root, name);
  if (!statSync(full).isFile()) continue;
  const bytes = readFileSync(full);
  const lfs = name.endsWith('.safetensors');
  files.set(name, {
    full, size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    gitSha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
    lfs,
  });
}

let faults = [];
let log = [];
const tampered = new Map(); // file name → { bytes, sha256, gitSha1, inListing }

function tamper(name, inListing) {
  const original = files.get(name);
  if (!original) throw new Error(`no file ${name}`);
  const bytes = readFileSync(original.full);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  tampered.set(name, { bytes, inListing, sha256: createHash('sha256').update(bytes).digest('hex'), gitSha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex') });
}
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges, Retry-After, RateLimit',
};

function takeFault(url) {
  const fault = faults.find((f) => url.includes(f.match) && f.times > 0);
  if (fault) fault.times--;
  return fault;
}

const resolvePrefix = `/${args.repo}/resolve/${args.revision}/`;
const treePath = `/api/models/${args.repo}/tree/${args.revision}`;

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const entry = { method: req.method, path: url.pathname, range: req.headers.range ?? null, status: 0 };
  const finish = (status, headers = {}, body) => {
    entry.status = status;
    res.writeHead(status, { ...cors, ...headers });
    res.end(body);
  };
  if (!url.pathname.startsWith('/__control')) log.push(entry);
  if (req.method === 'OPTIONS') return finish(204);

  if (url.pathname.startsWith('/__control/')) {
    if (url.pathname === '/__control/log') return finish(200, { 'Content-Type': 'application/json' }, JSON.stringify(log));
    if (url.pathname === '/__control/reset') {
      faults = [];
      log = [];
      tampered.clear();
      return finish(204);
    }
    if (url.pathname === '/__control/tamper') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const { file, listing } = JSON.parse(body);
        tamper(file, Boolean(listing));
        finish(204);
      });
      return;
    }
    if (url.pathname === '/__control/faults') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        faults.push(...JSON.parse(body));
        finish(204);
      });
      return;
    }
  }

  const fault = takeFault(url.pathname);
  if (fault?.action === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
  if (fault?.action === 'status') {
    return finish(fault.status, fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {}, `injected ${fault.status}`);
  }
  if (url.pathname === treePath) {
    const listing = [...files].map(([name, served]) => {
      const t = tampered.get(name);
      const f = t?.inListing ? { ...served, sha256: t.sha256, gitSha1: t.gitSha1 } : served;
      return { type: 'file', path: name, size: f.lfs ? 134 : f.size, oid: f.gitSha1, ...(f.lfs ? { lfs: { oid: f.sha256, size: f.size, pointerSize: 134 } } : {}) };
    });
    return finish(200, { 'Content-Type': 'application/json' }, JSON.stringify(listing));
  }
  if (!url.pathname.startsWith(resolvePrefix)) return finish(404, {}, 'not found');
  const file = files.get(decodeURIComponent(url.pathname.slice(resolvePrefix.length)));
  if (!file) return finish(404, {}, 'Entry not found');

  let start = 0;
  let end = file.size - 1;
  let status = 200;
  const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), file.size - 1) : file.size - 1;
    if (start > end) return finish(416, { 'Content-Range': `bytes */${file.size}` });
    status = 206;
  }
  const length = end - start + 1;
  entry.status = status;
  res.writeHead(status, {
    ...cors, 'Accept-Ranges': 'bytes', 'Content-Length': String(length), 'Content-Type': 'application/octet-stream',
    ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${file.size}` } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  if (fault?.action === 'drop') {
    // Send part of the body, then cut the connection: the client sees a truncated response.
    const stream = createReadStream(file.full, { start, end: start + Math.floor(length / 2) - 1 });
    stream.on('data', (d) => res.write(d));
    stream.on('end', () => setTimeout(() => res.socket.destroy(), 20));
    return;
  }
  const altered = tampered.get(decodeURIComponent(url.pathname.slice(resolvePrefix.length)));
  if (altered) return res.end(altered.bytes.subarray(start, end + 1));
  createReadStream(file.full, { start, end }).pipe(res);
}).listen(Number(args.port), '127.0.0.1', () => console.log(`model server on http://127.0.0.1:${args.port}/ serving ${args.root}`));
