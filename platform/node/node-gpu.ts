// WebGPU in Node through Dawn (the `webgpu` package). Takes a real GPU when the Vulkan loader finds one;
// otherwise falls back by itself to SwiftShader, the CPU Vulkan that ships with Debian's Chromium.
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { acquireDevice, type AcquireOptions, type AcquiredDevice } from '../../engine/gpu/device';
import { NoGpuAdapterError } from '../../common/errors';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Dawn's GPUBufferUsage, GPUMapMode... constants, as the browser provides them.
Object.assign(globalThis, globals);

// Dawn's GPU instance must outlive every device made from it: if it is garbage-collected, its event
// processing stops and later mapAsync calls hang or crash the process. Keep every instance we create.
const liveInstances: GPU[] = [];
function createInstance(flags: string[]): GPU {
  const gpu = create(flags) as unknown as GPU;
  liveInstances.push(gpu);
  return gpu;
}

export interface NodeDeviceOptions extends Omit<AcquireOptions, 'fallbacks'> {
  /**
   * Dawn instance flags. The benchmark passes `disable-dawn-features=timestamp_quantization`: by default Dawn
   * rounds timestamps to ~65 µs (a browser fingerprinting guard), which makes a per-kernel profile meaningless.
   */
  dawnFlags?: string[];
}

export async function acquireNodeDevice(options: NodeDeviceOptions = {}): Promise<AcquiredDevice> {
  const flags = options.dawnFlags ?? [];
  const fallbacks: Array<() => GPU> = [];
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    fallbacks.push(() => {
      // The Vulkan loader reads this when Dawn creates its next instance.
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      return createInstance(flags);
    });
  }
  try {
    return await acquireDevice(createInstance(flags), { ...options, fallbacks });
  } catch (error) {
    if (error instanceof NoGpuAdapterError) {
      throw new NoGpuAdapterError(
        'Dawn found no GPU adapter. For the CPU fallback install Debian\'s Chromium and the Vulkan loader ' +
          `(apt-get install chromium libvulkan1, which provides ${SWIFTSHADER_ICD}), or point VK_ICD_FILENAMES at a Vulkan driver.`,
      );
    }
    throw error;
  }
}

/** A Dawn GPU instance as a browser's navigator.gpu (SwiftShader when no Vulkan driver is set), for code that acquires its own device. */
export function nodeGpu(): GPU {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return createInstance([]);
}
