// The engine service refuses a GPU that failed its self-test (a load stops before any model file is read) and
// survives running out of GPU memory mid-load, each with the named error the page gives advice for, and the
// engine stays usable (idle, not stuck loading); a batch through the service leaves single items working.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { localFolder } from '../../platform/node/node-checkpoint';
import { writeScriptedModel } from '../../testing/scripted-model-files';
import { nodeGpu } from '../../platform/node/node-gpu';
import { withCreateBufferHook } from '../../testing/gpu-hooks';
import { guidanceFor } from '../../src/ui/error-guidance';
import { createEngineService, type EngineStatus, type ModelFolderSpec } from './engine-service';

test('a device whose self-test fails is refused before any model file is read', async () => {
  const folders: ModelFolderSpec[] = [];
  const statuses: EngineStatus[] = [];
  const service = createEngineService(
    nodeGpu(),
    async (spec) => {
      folders.push(spec);
      throw new Error('no model file should be opened');
    },
    (s) => statuses.push(s),
    // As a driver that miscomputes would: 3 of the 1,000 widened values differ from the CPU.
    { selfTest: async () => ({ count: 1000, mismatches: 3, checksum: 'deadbeef', milliseconds: 1 }) },
  );
  const probe = await service.probeDevice();
  expect(probe.selfTest.mismatches).toBe(3); // the probe shows the failed test (the device report panel)

  const error = await service.load({ kind: 'cache', modelId: 'scripted-test-model' }).catch((e: Error) => e);
  expect(error).toMatchObject({ name: 'GpuSelfTestError', message: '3 of 1000 values computed on the GPU differ from the CPU' });
  expect(folders).toEqual([]);
  expect(statuses.map((s) => s.state)).toEqual(['idle', 'loading', 'idle']); // unloaded, loading, refused: usable again
  expect(guidanceFor('GpuSelfTestError').advice).toMatch(/Update the graphics driver/);
}, 120_000);

test('out of GPU memory while the weights upload: the named error with advice, and the next load works', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'oom-model-'));
  await writeScriptedModel(dir);
  let squeeze = false;
  let ballasts = 0;
  const statuses: EngineStatus[] = [];
  // Memory taken by someone else at the worst moment: one allocation of 1 GiB, which SwiftShader (like a full GPU)
  // refuses with a real out-of-memory error, raised inside the engine's own error scope.
  const weights: { label: string; destroyed: () => boolean }[] = [];
  const gpu = withCreateBufferHook(nodeGpu()!, (device) => {
    if (!squeeze || ballasts > 0) return;
    ballasts++;
    device.createBuffer({ label: 'ballast', size: 2 ** 30, usage: GPUBufferUsage.STORAGE });
  }, (buffer, destroyed) => squeeze && weights.push({ label: buffer.label, destroyed }));
  const service = createEngineService(gpu, async () => localFolder(dir), (s) => statuses.push(s));
  const error = await service.load({ kind: 'cache', modelId: 'scripted-test-model' }, (p) => { if (p.phase === 'weights') squeeze = true; }).catch((e: Error) => e);
  expect(ballasts).toBe(1);
  expect(error).toMatchObject({ name: 'OutOfGpuMemoryError' });
  expect((error as Error).message).toMatch(/^The GPU ran out of memory while loading .* \(vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY\)\. Close other GPU-heavy tabs/);
  expect(statuses.map((s) => s.state)).toEqual(['idle', 'loading', 'idle']);
  expect(guidanceFor('OutOfGpuMemoryError').advice).toBeTruthy();
  // Every buffer made while the weights uploaded was given back (the half-loaded model does not leak).
  expect(weights.length).toBeGreaterThan(10);
  expect(weights.filter((w) => !w.destroyed()).map((w) => w.label)).toEqual([]);

  squeeze = false;
  const info = await service.load({ kind: 'cache', modelId: 'scripted-test-model' });
  expect(info.layers).toBe(1);
  expect(statuses.at(-1)?.state).toBe('ready');
  await rm(dir, { recursive: true, force: true });
}, 240_000);

test('a batch through the service frees the one-item sequence while it runs and makes it again: a single item works after it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'many-service-'));
  await writeScriptedModel(dir);
  const service = createEngineService(nodeGpu(), async () => localFolder(dir));
  await service.load({ kind: 'cache', modelId: 'scripted-test-model' });
  const input = (content: string) => ({ policy: 'Flag spam.', content, effort: 'low' as const, format: { kind: 'binary' as const }, maxTokens: 64, date: '2026-11-23' });
  const outcomes: (number | null | undefined)[] = [];
  let atOnce = 0;
  const end = await service.classifyMany([input('buy now'), input('hello'), input('cheap watches')], undefined, {
    onConcurrency: (n) => (atOnce = n),
    onResult: (i, o) => (outcomes[i] = o.result?.verdict.violation),
  });
  expect(end).toBe('finished');
  expect(atOnce).toBe(3); // all three held at once (fewer than the default 8)
  expect(outcomes).toEqual([1, 1, 1]);
  const single = await service.classify({ ...input('one more'), maxTokens: 64 });
  expect(single.verdict.violation).toBe(1);
  expect(single.tokens.policyPrefilled).toBe(single.tokens.policy); // a fresh sequence: the policy prefilled again
  expect(service.status().state).toBe('ready');
  await service.unload();
  await rm(dir, { recursive: true, force: true });
}, 240_000);
