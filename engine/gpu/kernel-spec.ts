// A kernel spec is the one place that describes a WGSL kernel to TypeScript: its named bindings (in @binding
// order), workgroup size, grid for a given size, override constants, and which device features its variant uses.
// The forward plan, the kernel set and the kernel tests all go through it; kernel-specs.test.ts checks every
// spec against the @binding / @workgroup_size declarations of its WGSL.
import common from '../kernels/common.wgsl?raw';
import { createComputePipeline } from './buffers';
import type { Capabilities } from './capabilities';

export type BindingKind = 'uniform' | 'read' | 'write';
export type Grid = [number, number, number];
export type Constants = Record<string, number | boolean>;

export interface KernelSpec<Name extends string = string, Params = never, Size = never> {
  name: string;
  /** WGSL after common.wgsl: shared helpers first, then the kernel itself (the last part). */
  wgsl: readonly string[];
  bindings: readonly (readonly [Name, BindingKind])[];
  workgroupSize: number;
  constants(params: Params): Constants;
  grid(size: Size): Grid;
  /** Optional device features this kernel's variant enables on a device with `caps` (an `enable …;` line each). */
  features?(caps: Capabilities): GPUFeatureName[];
  /** Helpers whose form depends on `caps` (e.g. lane sums through subgroups), placed before `wgsl`. */
  capabilityWgsl?(caps: Capabilities): readonly string[];
}

export function defineKernel<const Name extends string, Params, Size>(spec: KernelSpec<Name, Params, Size>): KernelSpec<Name, Params, Size> {
  return spec;
}

export type BindingName<S> = S extends { bindings: readonly (readonly [infer N, BindingKind])[] } ? N : never;

/** A compiled kernel: its spec, pipeline and bind-group layout. */
export interface Kernel<S extends KernelSpec<string, never, never> = KernelSpec<string, never, never>> {
  name: string;
  spec: S;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  /** Device features the compiled variant uses. */
  features: GPUFeatureName[];
}

const WGSL_ENABLE: Partial<Record<GPUFeatureName, string>> = { subgroups: 'subgroups', 'shader-f16': 'f16' };

/** The full WGSL module of a spec on a device with `caps`: enable lines, common.wgsl, helpers, the kernel. */
export function kernelSource(spec: KernelSpec<string, never, never>, caps: Capabilities): string {
  const enables = (spec.features?.(caps) ?? []).map((f) => `enable ${WGSL_ENABLE[f] ?? f};`);
  return [...enables, common, ...(spec.capabilityWgsl?.(caps) ?? []), ...spec.wgsl].join('\n');
}

const layoutCache = new WeakMap<GPUDevice, Map<string, GPUBindGroupLayout>>();

/** One layout per binding-kind list and device, so kernels with the same bindings share bind groups. */
export function bindingLayout(device: GPUDevice, kinds: readonly BindingKind[]): GPUBindGroupLayout {
  let byKinds = layoutCache.get(device);
  if (!byKinds) layoutCache.set(device, (byKinds = new Map()));
  const key = kinds.join(',');
  let layout = byKinds.get(key);
  if (!layout) {
    layout = device.createBindGroupLayout({
      label: key,
      entries: kinds.map((kind, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: kind === 'uniform' ? 'uniform' : kind === 'read' ? 'read-only-storage' : 'storage' },
      })),
    });
    byKinds.set(key, layout);
  }
  return layout;
}

export async function createKernel<S extends KernelSpec<string, never, never>>(
  device: GPUDevice,
  spec: S,
  params: Parameters<S['constants']>[0],
  caps: Capabilities,
  name = spec.name,
): Promise<Kernel<S>> {
  const numeric: Record<string, number> = {};
  for (const [k, v] of Object.entries((spec.constants as (p: unknown) => Constants)(params))) numeric[k] = typeof v === 'boolean' ? Number(v) : v;
  const layout = bindingLayout(device, spec.bindings.map(([, kind]) => kind));
  const pipelineLayout = device.createPipelineLayout({ label: name, bindGroupLayouts: [layout] });
  const pipeline = await createComputePipeline(device, name, kernelSource(spec, caps), numeric, pipelineLayout);
  return { name, spec, pipeline, layout, features: spec.features?.(caps) ?? [] };
}

/** A bind group from buffers given by binding name; a missing or unknown name is an error, not a silent shift. */
export function bindNamed<S extends KernelSpec<string, never, never>>(
  device: GPUDevice,
  kernel: Kernel<S>,
  buffers: Record<BindingName<S>, GPUBuffer>,
  label = kernel.name,
): GPUBindGroup {
  const given = buffers as Record<string, GPUBuffer>;
  const names = kernel.spec.bindings.map(([name]) => name);
  const unknown = Object.keys(given).filter((n) => !names.includes(n));
  if (unknown.length) throw new Error(`${kernel.name}: no binding named ${unknown.join(', ')}`);
  return device.createBindGroup({
    label,
    layout: kernel.layout,
    entries: names.map((name, binding) => {
      const buffer = given[name];
      if (!buffer) throw new Error(`${kernel.name}: binding "${name}" has no buffer`);
      return { binding, resource: { buffer } };
    }),
  });
}

/** A dispatch grid that respects maxComputeWorkgroupsPerDimension by wrapping x into y. */
export function grid2d(count: number, limit = 65535): [number, number] {
  if (count <= limit) return [Math.max(1, count), 1];
  const y = Math.ceil(count / limit);
  return [Math.ceil(count / y), y];
}
