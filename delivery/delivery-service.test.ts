// Deleting a cached model is safe at any moment: refused while a loader reads it, manifest gone before the chunks,
// a reader that finds a missing chunk cannot bring the deleted model back, and orphan chunks are swept.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { createDeliveryService } from './delivery-service';
import { cachedFolder } from './cached-folder';
import { chunkKey, ModelStore, type ModelManifest } from './model-store';
import { findModel } from './registry';

const entry = findModel('gpt-oss-safeguard-20b'); // no built-in pin: the stored checksums are trusted
const CONTENT = new TextEncoder().encode('{"hello": "world"}');
let n = 0;

async function cachedModel(): Promise<ModelStore> {
  const store = new ModelStore(`delete-test-${n++}`);
  const chunkBytes = 8;
  const chunks = [];
  for (let i = 0; i * chunkBytes < CONTENT.length; i++) {
    const bytes = CONTENT.subarray(i * chunkBytes, (i + 1) * chunkBytes);
    await store.putChunk(chunkKey(entry.id, 'config.json', i), bytes);
    chunks.push(createHash('sha256').update(bytes).digest('hex'));
  }
  const manifest: ModelManifest = {
    modelId: entry.id, repo: entry.repo, revision: entry.revision, baseUrl: 'http://mirror.invalid', problem: null, updatedAt: 0,
    trust: { kind: 'first-use', mirror: 'http://mirror.invalid' }, fingerprint: 'f',
    files: [{ path: 'config.json', size: CONTENT.length, chunkBytes, chunks, verified: true, digest: { algorithm: 'sha256', hex: createHash('sha256').update(CONTENT).digest('hex') } }],
  };
  await store.putManifest(manifest);
  return store;
}

test('a delete is refused while a loader reads the model, and allowed once it closed', async () => {
  const store = await cachedModel();
  const delivery = createDeliveryService(store);
  const folder = await delivery.openCached(entry.id);
  expect(await folder.readText('config.json')).toBe('{"hello": "world"}');
  await expect(delivery.remove(entry.id)).rejects.toMatchObject({ name: 'ModelInUseError' });
  expect(await delivery.list()).toHaveLength(1);
  folder.close();
  folder.close(); // closing twice does not count twice
  await delivery.remove(entry.id);
  expect(await delivery.list()).toEqual([]);
  expect(await store.getChunk(chunkKey(entry.id, 'config.json', 0))).toBeNull();
});

test('a reader that meets a deleted model does not write its manifest back (the old "partial 100 %" state)', async () => {
  const store = await cachedModel();
  const manifest = (await store.getManifest(entry.id))!;
  const folder = cachedFolder(store, manifest); // opened before the delete
  await store.deleteModel(entry.id);
  await expect(folder.readText('config.json')).rejects.toMatchObject({ name: 'IntegrityError' });
  expect(await store.getManifest(entry.id)).toBeUndefined();
  expect(await store.list()).toEqual([]);
});

test('the manifest goes first: with only it deleted (a crash mid-delete) the model is gone, and its orphan chunks are swept', async () => {
  const store = await cachedModel();
  const { del, createStore } = await import('idb-keyval');
  await del(entry.id, createStore(`delete-test-${n - 1}-model-manifests`, 'manifests'));
  expect(await store.list()).toEqual([]);
  expect(await store.getChunk(chunkKey(entry.id, 'config.json', 0))).not.toBeNull(); // orphan
  await store.deleteChunksOf(entry.id);
  expect(await store.getChunk(chunkKey(entry.id, 'config.json', 0))).toBeNull();
});

test('two tabs over one cache: a download, a load or a delete is refused at once (not queued) while the other tab writes', async () => {
  const { processLocks } = await import('./model-locks');
  const store = await cachedModel();
  const locks = processLocks(); // what navigator.locks is across tabs
  const tabA = createDeliveryService(store, locks);
  const tabB = createDeliveryService(store, locks);
  const releaseA = (await locks.tryExclusive(entry.id))!; // tab A is downloading
  await expect(tabB.download({ modelId: entry.id, baseUrl: 'http://mirror.invalid' })).rejects.toMatchObject({ name: 'OtherTabBusyError' });
  await expect(tabB.openCached(entry.id)).rejects.toMatchObject({ name: 'OtherTabBusyError' });
  await expect(tabB.remove(entry.id)).rejects.toMatchObject({ name: 'OtherTabBusyError' });
  expect(await tabB.list()).toHaveLength(1); // nothing deleted

  let free = false;
  const waiting = tabB.waitUntilFree(entry.id).then(() => (free = true));
  await new Promise((r) => setTimeout(r, 10));
  expect(free).toBe(false);
  releaseA(); // tab A finished (or was closed)
  await waiting;
  const folder = await tabB.openCached(entry.id); // a load holds the lock shared…
  await expect(tabA.remove(entry.id)).rejects.toMatchObject({ name: 'OtherTabBusyError' }); // …so the other tab cannot delete under it
  folder.close();
  await tabA.remove(entry.id);
  expect(await tabB.list()).toEqual([]);
});
