// Preset drafts survive switching away and back (and a reload: they live in storage); a draft equal to the
// preset's text is no draft, so a format change and back leaves the preset unedited.
import { expect, test } from 'vitest';
import { memoryStorage } from '../../../testing/memory-storage';
import { PresetDrafts } from './preset-drafts';


test('drafts per preset, kept across instances over the same storage, dropped when equal again or discarded', () => {
  const storage = memoryStorage();
  const drafts = new PresetDrafts(storage);
  expect(drafts.set('preset:spam', 'edited spam', 'spam')).toBe('edited');
  expect(drafts.set('preset:scams', 'edited scams', 'scams')).toBe('edited');
  const afterReload = new PresetDrafts(storage);
  expect(afterReload.get('preset:spam')).toBe('edited spam');
  expect(afterReload.set('preset:spam', 'spam', 'spam')).toBe('unchanged');
  expect(afterReload.get('preset:spam')).toBeUndefined();
  afterReload.discard('preset:scams');
  expect(new PresetDrafts(storage).get('preset:scams')).toBeUndefined();
});

test('unreadable storage is treated as no drafts', () => {
  const drafts = new PresetDrafts({ getItem: () => '{not json', setItem: () => {} });
  expect(drafts.get('preset:spam')).toBeUndefined();
});
