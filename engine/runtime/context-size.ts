// How long a context to allocate: the model's maximum when the GPU can hold it, else the largest power of two
// (down to MIN_CONTEXT) whose KV cache and scratch fit the device's binding limits and its free memory. WebGPU
// reports no free-memory figure, so the memory is probed: the plan's bytes plus headroom are allocated under an
// out-of-memory error scope and released at once.
import { OutOfGpuMemoryError } from '../../common/errors';
import type { GptOssConfig } from '../model/config';
import { DEFAULT_RUNTIME, kvCapacity, planMemory, scratchSizes, type RuntimeShape } from '../model/memory-plan';

export const MIN_CONTEXT = 4096;
/** Memory left free beside the model for the browser, the page and other tabs. */
const HEADROOM = 1.1;

export interface ContextChoice {
  maxContext: number;
  /** What kept it below the model's maximum: the user's setting, a buffer limit, GPU memory, or nothing. */
  limitedBy: 'setting' | 'buffer-limit' | 'memory' | null;
}

/** Contexts to try, largest first: the cap, then halving to MIN_CONTEXT, each within the binding limits. */
export function contextCandidates(config: GptOssConfig, limits: Pick<GPUSupportedLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize'>, cap: number): number[] {
  const largest = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  const fits = (maxContext: number) => {
    const shape: RuntimeShape = { ...DEFAULT_RUNTIME, maxContext };
    const kvBuffer = Math.max(...config.slidingLayers.map((_, l) => kvCapacity(config, l, shape))) * config.numKvHeads * config.headDim * 4;
    return kvBuffer <= largest && Object.values(scratchSizes(config, shape)).every((b) => b <= largest);
  };
  const out: number[] = [];
  for (let c = cap; c >= Math.min(MIN_CONTEXT, cap); c = c === cap && !isPow2(c) ? prevPow2(c) : c / 2) {
    if (fits(c)) out.push(c);
    if (c <= MIN_CONTEXT) break;
  }
  return out;
}

/** Whether `bytes` can be allocated now (in pieces of at most maxBufferSize), released right after. */
export async function canAllocate(device: GPUDevice, bytes: number): Promise<boolean> {
  const piece = device.limits.maxBufferSize;
  const buffers: GPUBuffer[] = [];
  device.pushErrorScope('out-of-memory');
  for (let left = bytes; left > 0; left -= piece) {
    buffers.push(device.createBuffer({ label: 'context-probe', size: Math.ceil(Math.min(piece, left) / 4) * 4, usage: GPUBufferUsage.STORAGE }));
  }
  const error = await device.popErrorScope();
  for (const b of buffers) b.destroy();
  return error === null;
}

/** Picks the context for `config` on `device`; `requested` is the user's cap (or 'auto' for the model's maximum). */
export async function chooseContext(device: GPUDevice, config: GptOssConfig, requested: number | 'auto', probe = canAllocate): Promise<ContextChoice> {
  const modelMax = config.maxPositions;
  const cap = requested === 'auto' ? modelMax : Math.min(requested, modelMax);
  const candidates = contextCandidates(config, device.limits, cap);
  for (const maxContext of candidates) {
    if (await probe(device, planMemory(config, { ...DEFAULT_RUNTIME, maxContext }).total * HEADROOM)) {
      const limitedBy = maxContext === modelMax ? null : maxContext < (candidates[0] ?? 0) ? 'memory' : cap < modelMax ? 'setting' : 'buffer-limit';
      return { maxContext, limitedBy };
    }
  }
  const smallest = candidates.at(-1) ?? MIN_CONTEXT;
  const gb = (planMemory(config, { ...DEFAULT_RUNTIME, maxContext: smallest }).total / 1e9).toFixed(1);
  throw new OutOfGpuMemoryError(`The GPU cannot hold the model with even a ${smallest}-token context (about ${gb} GB).`);
}

const isPow2 = (n: number) => (n & (n - 1)) === 0;
const prevPow2 = (n: number) => 2 ** Math.floor(Math.log2(n));
