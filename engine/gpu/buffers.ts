// Small helpers for buffers that tests and the self-test move between CPU and GPU.
// (Model weights take a different, streaming path.)
import { keepAlive } from './keep-alive';

/** Creates a storage buffer holding `data` (padded to 4 bytes, as WebGPU requires). */
export function uploadStorage(device: GPUDevice, data: ArrayBufferView, label: string, usage = 0): GPUBuffer {
  const size = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
  const buffer = device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | usage,
    mappedAtCreation: true,
  });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

export function createStorage(device: GPUDevice, byteLength: number, label: string): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(4, Math.ceil(byteLength / 4) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
}

/** Copies `byteLength` bytes of `source` back to the CPU. */
export async function readBack(device: GPUDevice, source: GPUBuffer, byteLength: number, offset = 0): Promise<ArrayBuffer> {
  const size = Math.ceil(byteLength / 4) * 4;
  const staging = device.createBuffer({ label: 'readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'readback' });
  encoder.copyBufferToBuffer(source, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await keepAlive(staging.mapAsync(GPUMapMode.READ));
  const copy = staging.getMappedRange().slice(0, byteLength);
  staging.unmap();
  staging.destroy();
  return copy;
}

/**
 * Compiles a compute pipeline and turns WGSL compile/validation errors into a thrown Error naming the
 * shader, instead of a silent invalid pipeline that fails later at dispatch.
 */
export async function createComputePipeline(
  device: GPUDevice,
  label: string,
  code: string,
  constants?: Record<string, number>,
  layout: GPUPipelineLayout | 'auto' = 'auto',
): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const text = errors.map((m) => `${label}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
    throw new Error(`WGSL compilation failed:\n${text}`);
  }
  device.pushErrorScope('validation');
  // Synchronous on purpose: Dawn's createComputePipelineAsync crashes or never settles in Node (webgpu 0.6.2
  // on SwiftShader), and pipelines are built once per load inside a worker, so blocking costs nothing visible.
  const pipeline = device.createComputePipeline({
    label,
    layout,
    compute: constants ? { module, entryPoint: 'main', constants } : { module, entryPoint: 'main' },
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`Pipeline ${label} is invalid: ${error.message}`);
  return pipeline;
}
