// Weights on the GPU, kept in their checkpoint dtype (bf16 as pairs in u32 words, MXFP4 bytes packed).
// A tensor larger than the device's storage-binding limit is split along its first dimension into parts
// that each fit in one binding; kernels are dispatched once per part.
import { CheckpointError, GpuLimitsError } from '../../common/errors';

export interface TensorPart {
  buffer: GPUBuffer;
  /** First index along dimension 0 held by this part. */
  first: number;
  /** Number of dimension-0 slices held. */
  count: number;
}

export interface GpuTensor {
  name: string;
  dtype: string;
  shape: number[];
  parts: TensorPart[];
}

export interface PartPlan {
  first: number;
  count: number;
  byteOffset: number;
  byteLength: number;
}

/** How a tensor of `shape` and `byteLength` is cut so that no part exceeds `maxPartBytes`. */
export function planParts(name: string, shape: number[], byteLength: number, maxPartBytes: number, maxRowsPerPart = Infinity): PartPlan[] {
  const rows = shape[0] ?? 1;
  const rowBytes = byteLength / rows;
  const rowsPerPart = Math.min(maxRowsPerPart, Math.floor(maxPartBytes / rowBytes));
  if (rowsPerPart < 1) {
    throw new GpuLimitsError(`tensor "${name}": one slice of ${rowBytes} bytes exceeds the ${maxPartBytes}-byte storage binding limit`);
  }
  const plans: PartPlan[] = [];
  for (let first = 0; first < rows; first += rowsPerPart) {
    const count = Math.min(rowsPerPart, rows - first);
    plans.push({ first, count, byteOffset: first * rowBytes, byteLength: count * rowBytes });
  }
  return plans;
}

/**
 * Part plans for a whole checkpoint. MXFP4 scales are split at the same experts as their blocks, so a kernel
 * binds matching parts of both.
 */
export function planCheckpointParts(tensors: { name: string; shape: number[]; byteLength: number }[], maxPartBytes: number): Map<string, PartPlan[]> {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const plans = new Map<string, PartPlan[]>();
  for (const t of tensors) {
    const blocks = t.name.endsWith('_scales') ? byName.get(t.name.replace(/_scales$/, '_blocks')) : undefined;
    const blockRows = blocks ? planParts(blocks.name, blocks.shape, blocks.byteLength, maxPartBytes)[0].count : Infinity;
    plans.set(t.name, planParts(t.name, t.shape, t.byteLength, maxPartBytes, blockRows));
  }
  return plans;
}

export function createTensorBuffers(device: GPUDevice, name: string, dtype: string, shape: number[], plans: PartPlan[]): GpuTensor {
  const parts = plans.map((plan) => ({
    first: plan.first,
    count: plan.count,
    buffer: device.createBuffer({
      label: plan.first === 0 && plan.count === (shape[0] ?? 1) ? name : `${name}[${plan.first}..${plan.first + plan.count})`,
      size: Math.max(16, Math.ceil(plan.byteLength / 16) * 16),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    }),
  }));
  return { name, dtype, shape, parts };
}

/** Writes `bytes` at `offset` of a part, padding the tail to a multiple of 4 as writeBuffer requires. */
export function writePart(device: GPUDevice, part: TensorPart, offset: number, bytes: Uint8Array, tensorName: string) {
  if (offset % 4 !== 0) throw new CheckpointError(`tensor "${tensorName}": unaligned write at ${offset}`);
  const aligned = bytes.length - (bytes.length % 4);
  if (aligned > 0) device.queue.writeBuffer(part.buffer, offset, bytes.buffer, bytes.byteOffset, aligned);
  if (aligned < bytes.length) {
    const tail = new Uint8Array(4);
    tail.set(bytes.subarray(aligned));
    device.queue.writeBuffer(part.buffer, offset + aligned, tail);
  }
}

export function destroyTensor(tensor: GpuTensor) {
  for (const part of tensor.parts) part.buffer.destroy();
}
