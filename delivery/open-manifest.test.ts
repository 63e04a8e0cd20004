// Where a new manifest's checksums come from: the pin (the mirror's listing must agree) or, with no pin, the
// listing trusted on first use. Against fake-indexeddb and a stubbed fetch serving a Hub-style tree listing.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, expect, test, vi } from 'vitest';
import { openManifest } from './download-manager';
import { ModelStore } from './model-store';
import { parsePinnedManifest } from './pinned-manifest';
import { findModel } from './registry';

const entry = findModel('gpt-oss-safeguard-20b');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const files = { 'config.json': '{"a":1}', 'tokenizer.json': '{"t":2}', 'model-00000-of-00001.safetensors': 'weights' };
const orgPin = parsePinnedManifest(
  { repo: entry.repo, revision: entry.revision, files: Object.entries(files).map(([path, text]) => ({ path, size: text.length, sha256: sha(text) })) },
  'https://models.example.org/pin.json',
);

function serveListing(shardText: string) {
  const listing = Object.entries({ ...files, 'model-00000-of-00001.safetensors': shardText }).map(([path, text]) =>
    path.endsWith('.safetensors')
      ? { type: 'file', path, size: 134, oid: 'a'.repeat(40), lfs: { oid: sha(text), size: text.length } }
      : { type: 'file', path, size: text.length, oid: 'b'.repeat(40) },
  );
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(listing), { status: 200 })));
}
afterEach(() => vi.unstubAllGlobals());
let n = 0;
const options = (pin: typeof orgPin | null) => ({ baseUrl: 'https://mirror.example', pin });

test("with an organisation's pin, a listing that vouches for other weights is refused and nothing is stored", async () => {
  serveListing('WEIGHTS'); // same size, other bytes
  const store = new ModelStore(`open-manifest-${n++}`);
  await expect(openManifest(store, entry, options(orgPin), () => {})).rejects.toMatchObject({ name: 'MirrorMismatchError', message: expect.stringContaining('(https://models.example.org/pin.json)') });
  expect(await store.list()).toEqual([]);
});

test('with a pin and an agreeing listing, every checksum (small files too) is the pinned sha256', async () => {
  serveListing(files['model-00000-of-00001.safetensors']);
  const store = new ModelStore(`open-manifest-${n++}`);
  const m = await openManifest(store, entry, options(orgPin), () => {});
  expect(m.trust).toEqual({ kind: 'pinned', source: 'https://models.example.org/pin.json' });
  expect(m.files.map((f) => f.digest)).toEqual(orgPin.files.map((f) => ({ algorithm: 'sha256', hex: f.sha256 })));
  expect(m.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
});

test('without a pin the listing is trusted on first use; a pin set later refuses that copy by name', async () => {
  serveListing('WEIGHTS');
  const store = new ModelStore(`open-manifest-${n++}`);
  const m = await openManifest(store, entry, options(null), () => {});
  expect(m.trust).toEqual({ kind: 'first-use', mirror: 'https://mirror.example' });
  expect((await store.list())[0].fingerprint).toBe(m.fingerprint);
  await expect(openManifest(store, entry, options(orgPin), () => {})).rejects.toMatchObject({ name: 'MirrorMismatchError', message: expect.stringMatching(/Delete it under Cached models and download it again/) });
});
