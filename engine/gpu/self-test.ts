// A GPU self-test run right after acquiring a device: widens a few thousand bf16 values on the GPU and
// compares every bit with the CPU. It proves the device executes our WGSL correctly before any model
// work starts, and its checksum lets an outside observer (the e2e test) verify the result independently.
import { widenBf16OnGpu } from '../kernels/widen-bf16';
import { widenBf16 } from '../reference/bf16';
import { checksumBits, selfTestInput } from './self-test-data';

export interface SelfTestResult {
  /** Number of values computed (deliberately not a multiple of the workgroup size). */
  count: number;
  /** Values whose bits differ from the CPU result. */
  mismatches: number;
  /** FNV-1a over the GPU output's bits, as 8 hex digits. */
  checksum: string;
  milliseconds: number;
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
