import { describe, expect, it } from 'vitest';
import { acquireDevice } from './device';

// A GPU object that hands out no adapter, as headless Chromium without --enable-unsafe-webgpu does.
const gpuWithoutAdapter = { requestAdapter: async () => null } as unknown as GPU;

describe('acquireDevice error paths', () => {
  it('names a missing navigator.gpu', async () => {
    await expect(acquireDevice(undefined)).rejects.toMatchObject({ name: 'WebGpuUnavailableError' });
  });

  it('names a missing adapter after trying every fallback', async () => {
    let fallbackCalls = 0;
    const fallback = () => {
      fallbackCalls++;
      return gpuWithoutAdapter;
    };
    await expect(acquireDevice(gpuWithoutAdapter, { fallbacks: [fallback, fallback] })).rejects.toMatchObject({
      name: 'NoGpuAdapterError',
    });
    expect(fallbackCalls).toBe(2);
  });
});
