// A GPU self-test run right after acquiring a device: widens a few thousand bf16 values on the GPU and
// compares every bit with the CPU. It proves the device executes our WGSL correctly before any model
// work starts, and its checksum lets an outside observer (the e2e test) verify the result independently.
import { widenBf16OnGpu } from '../kernels/widen-bf16';
import { widenBf16 } from '../reference/bf16';

export interface SelfTestResult {
  /** Number of values computed (deliberately not a multiple of the workgroup size). */
  count: number;
  /** Values whose bits differ from the CPU result. */
  mismatches: number;
  /** FNV-1a over the GPU output's bits, as 8 hex digits. */
  checksum: string;
  milliseconds: number;
}

export const SELF_TEST_COUNT = 4099;

/** Deterministic finite bf16 bit patterns of both signs and many exponents (no NaN/Inf: bits compare exactly). */
export function selfTestInput(count = SELF_TEST_COUNT, seed = 0x9e3779b9): Uint16Array {
  const bits = new Uint16Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    let value = state >>> 16;
    if (((value >>> 7) & 0xff) === 0xff) value &= ~0x4000; // clear one exponent bit: stays finite
    bits[i] = value;
  }
  return bits;
}

export function checksumBits(values: Float32Array): string {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let hash = 0x811c9dc5;
  for (const word of words) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (word >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}

export async function runSelfTest(device: GPUDevice): Promise<SelfTestResult> {
  const input = selfTestInput();
  const start = performance.now();
  const gpu = await widenBf16OnGpu(device, input);
  const milliseconds = performance.now() - start;
  const cpu = widenBf16(input);
  const gpuBits = new Uint32Array(gpu.buffer);
  const cpuBits = new Uint32Array(cpu.buffer);
  let mismatches = 0;
  for (let i = 0; i < input.length; i++) if (gpuBits[i] !== cpuBits[i]) mismatches++;
  return { count: input.length, mismatches, checksum: checksumBits(gpu), milliseconds };
}
