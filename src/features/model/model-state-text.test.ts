// The model's one-line state says what is happening: a running download is not "Not downloaded", each loading
// step is named, and a ready model says its context and why it is smaller than the model's maximum.
import { expect, test } from 'vitest';
import { findModel } from '../../../delivery/registry';
import { modelStateText } from './model-state-text';

const entry = findModel('scripted-test-model');
const progress = (phase: 'listing' | 'downloading' | 'verifying', bytesDone = 0) => ({ modelId: entry.id, phase, bytesDone, bytesTotal: 53_628_647, bytesPerSecond: 0, etaSeconds: null, notice: null });
const idle = { phase: 'idle' as const, loaded: null, load: null };

test('downloading, verifying and stored states', () => {
  expect(modelStateText({ ...idle, phase: 'downloading' }, entry, undefined, progress('listing'))).toBe('Downloading Scripted test model: fetching the file list…');
  expect(modelStateText({ ...idle, phase: 'downloading' }, entry, undefined, progress('downloading', 12_300_000))).toBe('Downloading Scripted test model: 12.3 MB of 53.6 MB stored.');
  expect(modelStateText({ ...idle, phase: 'downloading' }, entry, undefined, progress('verifying'))).toMatch(/verifying checksums/);
  expect(modelStateText(idle, entry, undefined, null)).toBe('Not downloaded (about 53.6 MB).');
  const elsewhere = { ...progress('downloading', 5_200_000), phase: 'other-tab' as const };
  expect(modelStateText({ ...idle, phase: 'downloading' }, entry, undefined, elsewhere)).toBe('Another tab is downloading Scripted test model: 5.2 MB of 53.6 MB stored.');
});

test('each loading step is named', () => {
  const loading = (phase: 'config' | 'tokenizer' | 'weights', bytesDone = 0) => ({ phase: 'loading' as const, loaded: null, load: { phase, bytesDone, bytesTotal: 100 } });
  expect(modelStateText({ phase: 'loading', loaded: null, load: null }, entry, undefined, null)).toBe('Loading onto the GPU: checking the GPU…');
  expect(modelStateText(loading('tokenizer'), entry, undefined, null)).toBe('Loading onto the GPU: reading and parsing tokenizer.json…');
  expect(modelStateText(loading('weights', 40), entry, undefined, null)).toBe('Loading onto the GPU: uploading weights 40 %…');
});

test('ready says the context and what limited it', () => {
  const loaded = { modelId: entry.id, name: 'x', layers: 1, experts: 4, vocab: 10, maxContext: 32768, contextLimitedBy: 'memory' as const, gpuBytes: 2e9, loadMs: 1500, featuresUsed: [] };
  expect(modelStateText({ phase: 'ready', loaded, load: null }, entry, undefined, null)).toBe(
    'Ready: loaded on the GPU (2.00 GB of GPU memory, 1500 ms to load, context 32,768 tokens: the most that fits the free GPU memory).',
  );
});
