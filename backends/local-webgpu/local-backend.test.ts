// The framework-free life cycle against a stand-in worker that records the protocol calls: an offline start
// loads a cached model, a pushed device loss is recovered from without a Run, choosing another model unloads
// the loaded one, and classify() pins the date when it is called.
import { expect, test } from 'vitest';
import type { CachedModelSummary } from '../../delivery/model-store';
import type { EngineStatus, LoadedModel } from './engine-service';
import { LocalWebGpuBackend, type LocalStatus } from './local-backend';
import type { Requests, RequestType } from './protocol';
import type { WorkerClient } from './worker-client';

const loaded = (modelId: string): LoadedModel => ({ modelId, name: modelId, layers: 1, experts: 4, vocab: 10, maxContext: 64, contextLimitedBy: null, gpuBytes: 1, loadMs: 1, featuresUsed: [] });
const complete = (modelId: string) => ({ modelId, state: 'complete', storedBytes: 1, totalBytes: 1 }) as CachedModelSummary;

function fakeWorker(cached: string[]) {
  const calls: { type: RequestType; params: unknown }[] = [];
  let statusListener: (s: EngineStatus) => void = () => {};
  const results: { [T in RequestType]?: (params: Requests[T]['params']) => unknown } = {
    probe: () => ({ report: {}, selfTest: { mismatches: 0 } }),
    listCached: () => cached.map(complete),
    download: () => complete('x'),
    load: (p) => loaded(p.modelId),
    loaderMemory: () => ({ peakBytes: 0 }),
    classify: (p) => ({ date: p.request.date }),
  };
  const client = {
    call: async (type: RequestType, params: never) => {
      calls.push({ type, params });
      return (results[type] as ((p: unknown) => unknown) | undefined)?.(params);
    },
    onStatus: (listener: (s: EngineStatus) => void) => ((statusListener = listener), () => {}),
    terminate: () => {},
  } as unknown as WorkerClient;
  return { client, calls, pushStatus: (s: Partial<EngineStatus>) => statusListener({ state: 'idle', model: null, queued: 0, lostReason: null, ...s }) };
}

const until = async (backend: LocalWebGpuBackend, ok: (s: LocalStatus) => boolean) => {
  for (let i = 0; i < 200 && !ok(backend.getStatus()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok(backend.getStatus())).toBe(true);
};
const settings = (modelId: string) => ({ modelId, baseUrl: 'http://mirror.invalid', chunkBytes: undefined, orgPin: null, context: 'auto' as const });

test('an offline start loads the cached model; a pushed device loss is recovered from by itself', async () => {
  const worker = fakeWorker(['a']);
  const backend = new LocalWebGpuBackend(settings('a'), worker.client);
  await until(backend, (s) => s.phase === 'ready');
  expect(backend.getStatus().model).toEqual({ id: 'a', name: 'a' });

  const seen: string[] = [];
  backend.subscribe((s) => seen.push(s.phase));
  worker.pushStatus({ state: 'lost', lostReason: 'driver reset' });
  expect(backend.getStatus().phase).toBe('recovering'); // at once, before any classify()
  expect(backend.getStatus().notice).toContain('driver reset');
  await until(backend, (s) => s.phase === 'ready');
  expect(seen).toContain('loading');
  expect(backend.getStatus().notice).toContain('the engine was restarted and the model reloaded');
  expect(worker.calls.filter((c) => c.type === 'load')).toHaveLength(2);
});

test('choosing another model unloads the loaded one; choosing a cached one loads it', async () => {
  const worker = fakeWorker(['scripted-test-model']);
  const backend = new LocalWebGpuBackend(settings('scripted-test-model'), worker.client);
  await until(backend, (s) => s.phase === 'ready');
  await backend.configure(settings('gpt-oss-safeguard-20b')); // not cached
  expect(backend.getStatus()).toMatchObject({ phase: 'idle', model: null, loaded: null });
  expect(worker.calls.map((c) => c.type)).toContain('unload');
  await backend.configure(settings('scripted-test-model'));
  await until(backend, (s) => s.model?.id === 'scripted-test-model');
  expect(worker.calls.filter((c) => c.type === 'load').map((c) => c.params)).toEqual([{ modelId: 'scripted-test-model', orgPin: null, context: 'auto' }, { modelId: 'scripted-test-model', orgPin: null, context: 'auto' }]);
});

test('classify pins today\'s date and the output limit into the request it sends', async () => {
  const worker = fakeWorker([]);
  const backend = new LocalWebGpuBackend(settings('a'), worker.client);
  await until(backend, (s) => s.phase === 'idle');
  const result = (await backend.classify({ policy: 'p', content: 'c', effort: 'low', format: { kind: 'binary' } })) as unknown as { date: string };
  const sent = worker.calls.find((c) => c.type === 'classify')!.params as Requests['classify']['params'];
  expect(sent.request.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(sent.request.maxTokens).toBe(2048);
  expect(result.date).toBe(sent.request.date);
  const pinned = (await backend.classify({ policy: 'p', content: 'c', effort: 'low', format: { kind: 'binary' }, date: '2026-01-02' })) as unknown as { date: string };
  expect(pinned.date).toBe('2026-01-02');
});

test('a Delete while the model loads stops the load through the worker and ends in a clean state, not an error', async () => {
  const worker = fakeWorker(['a']);
  let failLoad: (e: Error) => void = () => {};
  const hanging = new Promise((_, reject) => (failLoad = reject));
  const call = worker.client.call.bind(worker.client);
  worker.client.call = (async (type: RequestType, params: never) => {
    if (type === 'load') return call(type, params).then(() => hanging);
    if (type === 'deleteModel') failLoad(Object.assign(new Error('a is being deleted.'), { name: 'AbortedError' })); // as engine.release does
    return call(type, params);
  }) as typeof worker.client.call;
  const backend = new LocalWebGpuBackend(settings('a'), worker.client);
  await until(backend, (s) => s.phase === 'loading');
  await backend.remove('a');
  await until(backend, (s) => s.phase === 'idle');
  expect(backend.getStatus()).toMatchObject({ error: null, loaded: null, notice: 'Deleted a from this browser.' });
  expect(worker.calls.map((c) => c.type)).toContain('deleteModel');
});

test('Pause is a state (a notice with what is stored), not an error', async () => {
  const worker = fakeWorker([]);
  const call = worker.client.call.bind(worker.client);
  let failDownload: (e: Error) => void = () => {};
  worker.client.call = (async (type: RequestType, params: never, onEvent?: (e: unknown) => void) => {
    if (type === 'download') {
      onEvent?.({ type: 'downloadProgress', progress: { modelId: 'a', phase: 'downloading', bytesDone: 25, bytesTotal: 100, bytesPerSecond: 1, etaSeconds: 75, notice: null } });
      return new Promise((_, reject) => (failDownload = reject));
    }
    if (type === 'pauseDownload') failDownload(Object.assign(new Error('The download was paused'), { name: 'AbortedError' }));
    return call(type, params);
  }) as typeof worker.client.call;
  const backend = new LocalWebGpuBackend(settings('a'), worker.client);
  await until(backend, (s) => s.phase === 'idle');
  void backend.prepare();
  await until(backend, (s) => s.phase === 'downloading' && s.download !== null);
  await backend.pause();
  await until(backend, (s) => s.phase === 'idle');
  expect(backend.getStatus().error).toBeNull();
  expect(backend.getStatus().notice).toBe('Download paused (25 % stored). Press Resume download to continue from what is stored.');
});
