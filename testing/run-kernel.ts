// Runs one engine kernel from its spec on typed arrays and reads every writable binding back (kernel tests).
// Inputs are given by binding name, exactly as the forward plan binds them.
import { BASELINE, type Capabilities } from '../engine/gpu/capabilities';
import { readBack } from '../engine/gpu/buffers';
import { bindNamed, createKernel, type BindingName, type Grid, type KernelSpec } from '../engine/gpu/kernel-spec';

/** Data to upload, or only the size of an output to create. */
export type KernelInput = ArrayBufferView | { bytes: number };

export async function runKernel<S extends KernelSpec<string, never, never>>(
  device: GPUDevice,
  spec: S,
  params: Parameters<S['constants']>[0],
  inputs: Record<BindingName<S>, KernelInput>,
  grid: Grid,
  caps: Capabilities = BASELINE,
): Promise<Record<BindingName<S>, ArrayBuffer>> {
  const kernel = await createKernel(device, spec, params, caps, `test-${spec.name}`);
  const given = inputs as Record<string, KernelInput>;
  const buffers: Record<string, GPUBuffer> = {};
  for (const [name, kind] of spec.bindings) {
    const input = given[name];
    const bytes = 'bytes' in input ? input.bytes : input.byteLength;
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const usage = (kind === 'uniform' ? GPUBufferUsage.UNIFORM : GPUBufferUsage.STORAGE) | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    buffers[name] = device.createBuffer({ label: name, size, usage });
    if (!('bytes' in input)) {
      const padded = new Uint8Array(size);
      padded.set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
      device.queue.writeBuffer(buffers[name], 0, padded);
    }
  }
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, bindNamed(device, kernel, buffers as Record<BindingName<S>, GPUBuffer>));
  pass.dispatchWorkgroups(...grid);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const out: Record<string, ArrayBuffer> = {};
  for (const [name, kind] of spec.bindings) {
    if (kind !== 'write') continue;
    const input = given[name];
    out[name] = await readBack(device, buffers[name], 'bytes' in input ? input.bytes : input.byteLength);
  }
  for (const buffer of Object.values(buffers)) buffer.destroy();
  return out as Record<BindingName<S>, ArrayBuffer>;
}

/** Deterministic pseudo-random numbers for test inputs. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return {
    uniform: (n: number, scale = 1) => Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale),
    bf16: (n: number, scale = 1) => Uint16Array.from({ length: n }, () => new Uint32Array(new Float32Array([(next() * 2 - 1) * scale]).buffer)[0] >>> 16),
    bytes: (n: number, lo = 0, span = 256) => Uint8Array.from({ length: n }, () => lo + Math.floor(next() * span)),
    int: (n: number) => Math.floor(next() * n),
  };
}

/** Random MXFP4 expert weights in the checkpoint layout: gate/up [E, 2I, H/32] and down [E, H, I/32] blocks,
 *  E8M0 scales near 1, bf16 biases. */
export function randomExpertWeights(r: ReturnType<typeof rng>, E: number, H: number, I: number) {
  return {
    guBlocks: r.bytes(E * 2 * I * (H / 32) * 16),
    guScales: r.bytes(E * 2 * I * (H / 32), 122, 4),
    guBias: r.bf16(E * 2 * I, 0.3),
    dBlocks: r.bytes(E * H * (I / 32) * 16),
    dScales: r.bytes(E * H * (I / 32), 121, 4),
    dBias: r.bf16(E * H, 0.3),
  };
}

export const u32 = (...values: number[]) => new Uint32Array(values);

export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return worst;
}
