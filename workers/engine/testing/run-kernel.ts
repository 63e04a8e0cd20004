// Runs one engine kernel on typed arrays and reads an output back (kernel tests only).
import { createKernel, createLayout, type BindingKind } from '../gpu/kernel';
import { readBack } from '../gpu/buffers';
import common from '../kernels/common.wgsl?raw';

export type Binding = { kind: BindingKind; data: ArrayBufferView } | { kind: 'write'; bytes: number };

export async function runKernel(
  device: GPUDevice,
  sources: string[],
  constants: Record<string, number | boolean>,
  bindings: Binding[],
  grid: [number, number, number],
  readIndex: number,
): Promise<ArrayBuffer> {
  const layout = createLayout(device, 'test', bindings.map((b) => b.kind));
  const kernel = await createKernel(device, 'test', [common, ...sources].join('\n'), layout, constants);
  const buffers = bindings.map((b) => {
    const bytes = 'data' in b ? b.data.byteLength : b.bytes;
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const usage = (b.kind === 'uniform' ? GPUBufferUsage.UNIFORM : GPUBufferUsage.STORAGE) | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buffer = device.createBuffer({ size, usage });
    if ('data' in b) {
      const padded = new Uint8Array(size);
      padded.set(new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength));
      device.queue.writeBuffer(buffer, 0, padded);
    }
    return buffer;
  });
  const group = device.createBindGroup({ layout, entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(...grid);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const b = bindings[readIndex];
  const result = await readBack(device, buffers[readIndex], 'data' in b ? b.data.byteLength : b.bytes);
  for (const buffer of buffers) buffer.destroy();
  return result;
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
