// A model downloaded here that the cache no longer holds was evicted by the browser; one the user deleted was not.
import { expect, test } from 'vitest';
import { memoryStorage } from '../../testing/memory-storage';
import { DownloadRecord } from './download-record';


test('evicted = downloaded earlier and gone from the cache; a Delete is not an eviction', () => {
  const storage = memoryStorage();
  const record = new DownloadRecord(storage);
  record.add('a');
  record.add('b');
  record.add('a');
  expect(new DownloadRecord(storage).evicted(['a', 'b'])).toEqual([]);
  expect(new DownloadRecord(storage).evicted(['b'])).toEqual(['a']);
  record.remove('a');
  expect(record.evicted([])).toEqual(['b']);
  expect(new DownloadRecord(undefined).evicted([])).toEqual([]); // no localStorage (Node): nothing recorded
});
