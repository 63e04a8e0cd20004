// A store's open connection never blocks another context's delete, and the store works again afterwards.
import 'fake-indexeddb/auto';
import { createStore, get, set } from 'idb-keyval';
import { expect, test } from 'vitest';
import { yieldingStore } from './idb-store';

/** Deletes the database; 'blocked-forever' when it has not completed within the wait. */
function deleteWithin(name: string, ms: number): Promise<'deleted' | 'blocked-forever'> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve('deleted');
    setTimeout(() => resolve('blocked-forever'), ms);
  });
}

test('a delete from elsewhere completes while the store is open; the next use finds the database empty and writes', async () => {
  const store = yieldingStore('yielding-1', 'items');
  await set('kept', 'value', store);
  expect(await get('kept', store)).toBe('value');
  expect(await deleteWithin('yielding-1', 1000)).toBe('deleted');
  expect(await get('kept', store)).toBeUndefined();
  await set('again', 2, store);
  expect(await get('again', store)).toBe(2);
});

test('the plain idb-keyval store would have blocked that delete (what this helper exists for)', async () => {
  const store = createStore('plain-1', 'items');
  await set('kept', 'value', store);
  expect(await deleteWithin('plain-1', 300)).toBe('blocked-forever');
});

test('a failed open is tried again at the next use, and afterOpen runs once per connection', async () => {
  let calls = 0;
  let opens = 0;
  const store = yieldingStore('yielding-2', 'items', () => {
    if (calls++ === 0) throw new Error('bucket not ready');
    return indexedDB;
  }, async () => { opens++; });
  await expect(set('a', 1, store)).rejects.toThrow('bucket not ready');
  await set('a', 1, store);
  await set('b', 2, store);
  expect(await get('b', store)).toBe(2);
  expect(opens).toBe(1);
});
