// Compute kernels with explicit bind-group layouts, so kernels that declare the same bindings (e.g. the
// decode and prefill variants of one op) share bind groups. Compiled once per model load.
import { createComputePipeline } from './buffers';

export type BindingKind = 'uniform' | 'read' | 'write';

export interface Kernel {
  name: string;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export function createLayout(device: GPUDevice, label: string, kinds: BindingKind[]): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label,
    entries: kinds.map((kind, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: kind === 'uniform' ? 'uniform' : kind === 'read' ? 'read-only-storage' : 'storage' },
    })),
  });
}

export async function createKernel(
  device: GPUDevice,
  name: string,
  code: string,
  layout: GPUBindGroupLayout,
  constants: Record<string, number | boolean>,
): Promise<Kernel> {
  const numeric: Record<string, number> = {};
  for (const [k, v] of Object.entries(constants)) numeric[k] = typeof v === 'boolean' ? Number(v) : v;
  const pipelineLayout = device.createPipelineLayout({ label: name, bindGroupLayouts: [layout] });
  const pipeline = await createComputePipeline(device, name, code, numeric, pipelineLayout);
  return { name, pipeline, layout };
}

export function bindBuffers(device: GPUDevice, kernel: Kernel, buffers: GPUBuffer[], label = kernel.name): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: kernel.layout,
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/** A dispatch grid that respects maxComputeWorkgroupsPerDimension by wrapping x into y. */
export function grid2d(count: number, limit = 65535): [number, number] {
  if (count <= limit) return [Math.max(1, count), 1];
  const y = Math.ceil(count / limit);
  return [Math.ceil(count / y), y];
}
