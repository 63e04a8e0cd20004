// GPU acquisition, shared by the browser worker and Node (tests, CLI, bench). The caller passes the `GPU`
// object (navigator.gpu in a worker, Dawn's in Node) plus optional fallbacks tried in order when the first
// hands out no adapter; Node uses that to fall back to SwiftShader when there is no real GPU.
import { GpuLimitsError, NoGpuAdapterError, WebGpuUnavailableError } from '../../common/errors';

/** Limits the engine raises to the adapter's maximum; everything else stays at the WebGPU default. */
export const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
] as const;
export type RaisedLimit = (typeof RAISED_LIMITS)[number];

/** Optional features used when offered. The engine never depends on them (f32 paths always exist). */
export const OPTIONAL_FEATURES = ['subgroups', 'timestamp-query', 'shader-f16'] as const;

/** Smallest binding the engine can work with: the WebGPU default, which every adapter offers. */
export const MIN_STORAGE_BINDING = 128 * 1024 * 1024;

export interface AcquireOptions {
  /** Cap maxStorageBufferBindingSize below the adapter's maximum, e.g. to exercise tensor splitting. */
  maxStorageBufferBindingSize?: number;
  /** Tried in order when `gpu` hands out no adapter. */
  fallbacks?: Array<() => GPU>;
  /** Label put on the device, visible in GPU error messages. */
  label?: string;
}

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for software adapters such as SwiftShader. */
  isFallbackAdapter: boolean;
}

export interface DeviceReport {
  adapter: AdapterDescription;
  limits: Record<RaisedLimit, number>;
  /** Features enabled on the device (a subset of OPTIONAL_FEATURES). */
  features: string[];
  /** Every feature the adapter offers, for diagnostics. */
  adapterFeatures: string[];
}

export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  report: DeviceReport;
}

export async function acquireDevice(gpu: GPU | undefined, options: AcquireOptions = {}): Promise<AcquiredDevice> {
  if (!gpu) throw new WebGpuUnavailableError();
  let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  for (const next of options.fallbacks ?? []) {
    if (adapter) break;
    adapter = await next().requestAdapter({ powerPreference: 'high-performance' });
  }
  if (!adapter) throw new NoGpuAdapterError();

  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const cap = options.maxStorageBufferBindingSize;
  if (cap !== undefined) {
    if (cap < MIN_STORAGE_BINDING) {
      throw new GpuLimitsError(`maxStorageBufferBindingSize cap ${cap} is below the WebGPU minimum ${MIN_STORAGE_BINDING}.`);
    }
    requiredLimits.maxStorageBufferBindingSize = Math.min(cap, adapter.limits.maxStorageBufferBindingSize);
  }
  const features = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));

  const device = await adapter.requestDevice({
    label: options.label ?? 'safeguard',
    requiredLimits,
    requiredFeatures: features as GPUFeatureName[],
  });
  return { adapter, device, report: describeDevice(adapter, device) };
}

export function describeDevice(adapter: GPUAdapter, device: GPUDevice): DeviceReport {
  const info = adapter.info;
  const limits = {} as Record<RaisedLimit, number>;
  for (const name of RAISED_LIMITS) limits[name] = device.limits[name];
  return {
    adapter: {
      vendor: info.vendor || 'unknown',
      architecture: info.architecture || 'unknown',
      device: info.device || '',
      description: info.description || '',
      isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter),
    },
    limits,
    features: [...device.features].filter((f) => (OPTIONAL_FEATURES as readonly string[]).includes(f)).sort(),
    adapterFeatures: [...adapter.features].sort(),
  };
}
