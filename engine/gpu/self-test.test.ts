import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from './device';
import { runSelfTest } from './self-test';
import { checksumBits, selfTestInput, SELF_TEST_COUNT } from './self-test-data';
import { widenBf16OnGpu } from '../kernels/widen-bf16';
import { widenBf16 } from '../reference/bf16';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());

describe('GPU self-test through Dawn', () => {
  it('acquires a device with the adapter maximum limits', () => {
    expect(gpu.report.limits.maxStorageBufferBindingSize).toBe(gpu.adapter.limits.maxStorageBufferBindingSize);
    expect(gpu.report.limits.maxBufferSize).toBe(gpu.adapter.limits.maxBufferSize);
    expect(gpu.report.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    for (const f of gpu.report.features) expect(gpu.adapter.features.has(f)).toBe(true);
    if (gpu.adapter.features.has('subgroups')) expect(gpu.report.features).toContain('subgroups');
  });

  it('widens bf16 on the GPU bit-exactly, for a count that does not divide the workgroup', async () => {
    const input = selfTestInput(SELF_TEST_COUNT, 42);
    const expected = new Uint32Array(widenBf16(input).buffer);
    const actual = new Uint32Array((await widenBf16OnGpu(gpu.device, input)).buffer);
    expect(actual.length).toBe(input.length);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('widens known values', async () => {
    // 1.0, -2.0, 0.5, 3.140625 (pi in bf16), largest finite bf16
    const bits = new Uint16Array([0x3f80, 0xc000, 0x3f00, 0x4049, 0x7f7f]);
    const out = await widenBf16OnGpu(gpu.device, bits);
    expect(Array.from(out.slice(0, 4))).toEqual([1, -2, 0.5, 3.140625]);
    expect(out[4]).toBeCloseTo(3.3895313892515355e38, -30);
  });

  it('self-test reports zero mismatches and the checksum of the CPU result', async () => {
    const result = await runSelfTest(gpu.device);
    expect(result.count).toBe(SELF_TEST_COUNT);
    expect(result.mismatches).toBe(0);
    expect(result.checksum).toBe(checksumBits(widenBf16(selfTestInput())));
  });

  it('can cap the binding size to the WebGPU minimum', async () => {
    const capped = await acquireNodeDevice({ maxStorageBufferBindingSize: 128 * 1024 * 1024 });
    try {
      expect(capped.device.limits.maxStorageBufferBindingSize).toBe(128 * 1024 * 1024);
    } finally {
      capped.device.destroy();
    }
  });
});
