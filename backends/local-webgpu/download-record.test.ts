// A model downloaded here that the cache no longer holds was evicted by the browser; one the user deleted was not.
import { expect, test } from 'vitest';
import { DownloadRecord } from './download-record';

const memory = () => {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
};

test('evicted = downloaded earlier and gone from the cache; a Delete is not an eviction', () => {
  const storage = memory();
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
