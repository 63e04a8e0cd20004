// The library against an in-memory IndexedDB (fake-indexeddb implements the same API and transaction rules).
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { expect, test } from 'vitest';
import { PolicyLibrary } from './policy-library';

let n = 0;
const freshLibrary = () => new PolicyLibrary(createStore(`policies-test-${n++}`, 'policies'));

test('create, edit, rename, duplicate by name and delete', async () => {
  const lib = freshLibrary();
  const a = await lib.create('Hate speech', '# Hate speech\n');
  const b = await lib.create('Hate speech', 'copy');
  expect(b.name).toBe('Hate speech (2)');
  await lib.updateText(a.id, '# Hate speech v2\n');
  await lib.rename(b.id, '  Abuse  ');
  expect((await lib.list()).map((p) => [p.name, p.text])).toEqual([
    ['Abuse', 'copy'],
    ['Hate speech', '# Hate speech v2\n'],
  ]);
  await lib.remove(a.id);
  expect((await lib.list()).map((p) => p.id)).toEqual([b.id]);
});

test('a blank name is refused, and editing a deleted policy says so instead of recreating it', async () => {
  const lib = freshLibrary();
  const p = await lib.create('', 'text');
  expect(p.name).toBe('Untitled policy');
  await expect(lib.rename(p.id, '   ')).rejects.toMatchObject({ name: 'PolicySaveError', message: 'A policy needs a name.' });
  await lib.remove(p.id);
  await expect(lib.updateText(p.id, 'late edit')).rejects.toMatchObject({ name: 'PolicySaveError', message: expect.stringMatching(/was deleted/) });
  expect(await lib.list()).toEqual([]);
});

test('policies persist across library instances on the same database', async () => {
  const name = `policies-test-${n++}`;
  const p = await new PolicyLibrary(createStore(name, 'policies')).create('Kept', 'body');
  expect(await new PolicyLibrary(createStore(name, 'policies')).get(p.id)).toMatchObject({ name: 'Kept', text: 'body' });
});
