// Importing files from disk into the cache, against an in-memory IndexedDB (fake-indexeddb). Checksums in the
// manifest are computed here with node:crypto, independently of the code under test.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { importModelFiles, matchLocalFile } from './import-manager';
import { chunkKey, ModelStore, type ModelManifest } from './model-store';
import { findModel } from './registry';

const entry = findModel('scripted-test-model');
const CHUNK = 4;
const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

const SHARD = bytes('0123456789'); // 3 chunks of ≤ 4 bytes
const CONFIG = bytes('{"a":1}');
const TOKENIZER = bytes('{"t":2}');

let n = 0;
async function storeWithManifest(): Promise<ModelStore> {
  const store = new ModelStore(`import-test-${n++}`);
  const file = (path: string, content: Uint8Array, algorithm: 'sha256' | 'git-sha1') => ({
    path, size: content.length, chunkBytes: CHUNK, verified: false,
    digest: { algorithm, hex: algorithm === 'sha256' ? sha256(content) : gitSha1(content) },
    chunks: new Array(Math.ceil(content.length / CHUNK)).fill(null),
  });
  const manifest: ModelManifest = {
    modelId: entry.id, repo: entry.repo, revision: entry.revision, baseUrl: 'http://mirror.invalid', problem: null, updatedAt: 0,
    trust: { kind: 'first-use', mirror: 'http://mirror.invalid' }, fingerprint: 'f',
    files: [file('config.json', CONFIG, 'git-sha1'), file('tokenizer.json', TOKENIZER, 'git-sha1'), file('model-00000-of-00001.safetensors', SHARD, 'sha256')],
  };
  await store.putManifest(manifest);
  return store;
}
const local = (path: string, content: Uint8Array) => ({ path, file: new File([content as Uint8Array<ArrayBuffer>], path.split('/').pop()!) });

test('matching files are imported and verified, a damaged one is rejected, an absent one is left for download', async () => {
  const store = await storeWithManifest();
  const damaged = bytes('{"a":9}'); // same size as CONFIG, different bytes
  const report = await importModelFiles(store, entry, [local('ckpt/model-00000-of-00001.safetensors', SHARD), local('ckpt/config.json', damaged), local('ckpt/README.md', bytes('hi'))], { baseUrl: 'http://mirror.invalid' });

  expect(report.imported).toEqual(['model-00000-of-00001.safetensors']);
  expect(report.rejected).toEqual([{ path: 'config.json', reason: expect.stringMatching(/does not match the checksum/) }]);
  expect(report.missing).toEqual(['tokenizer.json']);
  expect(report.summary.state).toBe('partial');
  expect(report.summary.storedBytes).toBe(SHARD.length);

  const m = (await store.getManifest(entry.id))!;
  const shard = m.files.find((f) => f.path.endsWith('.safetensors'))!;
  expect(shard.verified).toBe(true);
  expect(shard.chunks).toEqual([sha256(SHARD.slice(0, 4)), sha256(SHARD.slice(4, 8)), sha256(SHARD.slice(8))]);
  expect(await store.getChunk(chunkKey(entry.id, shard.path, 2))).toEqual(SHARD.slice(8));
  const config = m.files.find((f) => f.path === 'config.json')!;
  expect(config.verified).toBe(false);
  expect(config.chunks.every((c) => c === null)).toBe(true); // the damaged copy is not kept
  expect(await store.getChunk(chunkKey(entry.id, 'config.json', 0))).toBeNull();
});

test('a complete folder makes the model complete; a file of the wrong size is refused before reading it', async () => {
  const store = await storeWithManifest();
  const report = await importModelFiles(
    store, entry,
    [local('x/config.json', CONFIG), local('x/tokenizer.json', TOKENIZER), local('x/model-00000-of-00001.safetensors', SHARD)],
    { baseUrl: 'http://mirror.invalid' },
  );
  expect(report.summary.state).toBe('complete');
  expect(report.rejected).toEqual([]);

  const other = await storeWithManifest();
  const short = await importModelFiles(other, entry, [local('config.json', CONFIG), local('model-00000-of-00001.safetensors', SHARD.slice(0, 9))], { baseUrl: 'http://mirror.invalid' });
  expect(short.rejected).toEqual([{ path: 'model-00000-of-00001.safetensors', reason: 'is 9 bytes on disk, the official file is 10 bytes' }]);
  expect(short.imported).toEqual(['config.json']);
});

test('a folder with none of the model files says which files it expected', async () => {
  const store = await storeWithManifest();
  await expect(importModelFiles(store, entry, [local('photos/cat.jpg', bytes('x'))], { baseUrl: 'http://mirror.invalid' })).rejects.toMatchObject({
    name: 'WrongFolderError',
    message: expect.stringMatching(/None of the chosen files belong to safeguard-web\/scripted-gpt-oss: expected config\.json, tokenizer\.json/),
  });
});

test('local files match by name at the top of the folder or below it, preferring the right size', () => {
  const a = local('snap/1/config.json', bytes('12'));
  const b = local('snap/2/config.json', bytes('123'));
  expect(matchLocalFile('config.json', [a, b], 3)).toBe(b);
  expect(matchLocalFile('config.json', [a], 3)).toEqual({ wrongSize: a });
  expect(matchLocalFile('config.json', [local('myconfig.json', bytes('123'))], 3)).toBeNull();
  expect(matchLocalFile('config.json', [local('dir\\config.json', bytes('123'))], 3)).not.toBeNull();
});
