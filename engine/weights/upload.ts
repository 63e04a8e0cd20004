// Streams checkpoint tensors into GPU buffers with bounded memory: at most one piece of PIECE_BYTES is held
// in JavaScript at a time, and the queue is drained every DRAIN_BYTES so staging memory stays bounded too.
import { AbortedError, CheckpointError } from '../../common/errors';
import type { TensorInfo } from './safetensors';
import { keepAlive } from '../gpu/keep-alive';
import { createTensorBuffers, planCheckpointParts, writePart, type GpuTensor } from './gpu-tensor';

export const PIECE_BYTES = 8 * 1024 * 1024;
const DRAIN_BYTES = 256 * 1024 * 1024;

export interface UploadProgress {
  tensor: string;
  bytesDone: number;
  bytesTotal: number;
}

export interface UploadOptions {
  /** Largest part per tensor; defaults to the device's maxStorageBufferBindingSize. */
  maxPartBytes?: number;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

export async function uploadTensors(device: GPUDevice, infos: TensorInfo[], options: UploadOptions = {}): Promise<Map<string, GpuTensor>> {
  const maxPartBytes = options.maxPartBytes ?? device.limits.maxStorageBufferBindingSize;
  const bytesTotal = infos.reduce((a, t) => a + t.byteLength, 0);
  let bytesDone = 0;
  let sinceDrain = 0;
  const result = new Map<string, GpuTensor>();
  const allPlans = planCheckpointParts(infos, maxPartBytes);
  try {
    for (const info of infos) {
      const plans = allPlans.get(info.name)!;
      const tensor = createTensorBuffers(device, info.name, info.dtype, info.shape, plans);
      result.set(info.name, tensor);
      for (let p = 0; p < plans.length; p++) {
        const plan = plans[p];
        for (let done = 0; done < plan.byteLength; ) {
          if (options.signal?.aborted) throw new AbortedError('Model loading was cancelled.');
          const length = Math.min(PIECE_BYTES, plan.byteLength - done);
          const bytes = await info.source.read(info.offset + plan.byteOffset + done, length);
          if (bytes.length !== length) {
            throw new CheckpointError(`${info.source.name}: tensor "${info.name}" is truncated (wanted ${length} bytes at ${info.offset + plan.byteOffset + done}, got ${bytes.length})`);
          }
          writePart(device, tensor.parts[p], done, bytes, info.name);
          done += length;
          bytesDone += length;
          sinceDrain += length;
          if (sinceDrain >= DRAIN_BYTES) {
            await keepAlive(device.queue.onSubmittedWorkDone());
            sinceDrain = 0;
          }
          options.onProgress?.({ tensor: info.name, bytesDone, bytesTotal });
        }
      }
    }
    await keepAlive(device.queue.onSubmittedWorkDone());
  } catch (error) {
    for (const t of result.values()) for (const part of t.parts) part.buffer.destroy();
    throw error;
  }
  return result;
}
