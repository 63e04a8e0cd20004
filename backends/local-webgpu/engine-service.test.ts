// The engine service refuses a GPU that failed its self-test: a load stops before any model file is read, with the
// named error the page gives advice for, and the engine stays usable (idle, not stuck loading).
import { expect, test } from 'vitest';
import { nodeGpu } from '../../platform/node/node-gpu';
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
