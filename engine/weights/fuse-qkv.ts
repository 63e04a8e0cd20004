// The q, k and v projections of a layer stacked into one matrix (and one bias) on the GPU after loading, so
// decode computes all three in one dispatch: k and v have only 512 rows each, too few to fill a GPU alone.
// The rows are copied on the GPU and the separate tensors freed; numerics are unchanged (each output row is
// the same dot product). The stacked tensor is split into parts like any other.
import { layerPrefix } from '../model/tensors';
import { createTensorBuffers, destroyTensor, planParts, type GpuTensor } from './gpu-tensor';

export const QKV_WEIGHT = 'self_attn.qkv_proj.weight';
export const QKV_BIAS = 'self_attn.qkv_proj.bias';
const SOURCES = ['q_proj', 'k_proj', 'v_proj'];

/** Replaces each layer's q/k/v weights and biases in `weights` by the stacked QKV_WEIGHT / QKV_BIAS tensors. */
export function fuseQkv(device: GPUDevice, weights: Map<string, GpuTensor>, layers: number, maxPartBytes: number) {
  // One submit per layer, its sources destroyed right after it (safe: queued copies still read them), so the
  // load needs at most one layer's q/k/v (about 30 MB for gpt-oss-20b) of extra GPU memory at a time.
  for (let l = 0; l < layers; l++) {
    const p = layerPrefix(l);
    const encoder = device.createCommandEncoder({ label: `fuse-qkv ${l}` });
    const freed: GpuTensor[] = [];
    for (const [suffix, target] of [['weight', QKV_WEIGHT], ['bias', QKV_BIAS]] as const) {
      const sources = SOURCES.map((s) => {
        const t = weights.get(`${p}self_attn.${s}.${suffix}`);
        if (!t) throw new Error(`weight ${p}self_attn.${s}.${suffix} is not loaded`);
        return t;
      });
      weights.set(p + target, stack(device, encoder, p + target, sources, maxPartBytes));
      for (const [i, t] of sources.entries()) {
        weights.delete(`${p}self_attn.${SOURCES[i]}.${suffix}`);
        freed.push(t);
      }
    }
    device.queue.submit([encoder.finish()]);
    for (const t of freed) destroyTensor(t);
  }
}

/** The rows of `sources` one after another (all share dtype and row length), in parts of at most maxPartBytes. */
function stack(device: GPUDevice, encoder: GPUCommandEncoder, name: string, sources: GpuTensor[], maxPartBytes: number): GpuTensor {
  const rowElements = sources[0].shape.slice(1).reduce((a, b) => a * b, 1);
  const rowBytes = rowElements * 2; // bf16
  const rows = sources.reduce((a, t) => a + t.shape[0], 0);
  const shape = [rows, ...sources[0].shape.slice(1)];
  const target = createTensorBuffers(device, name, sources[0].dtype, shape, planParts(name, shape, rows * rowBytes, maxPartBytes));
  let row = 0;
  for (const source of sources) {
    for (const part of source.parts) {
      copyRows(encoder, part.buffer, row + part.first, part.count, target, rowBytes);
    }
    row += source.shape[0];
  }
  return target;
}

/** Copies `count` rows from the start of `buffer` to rows [row, row + count) of `target`, across its parts. */
function copyRows(encoder: GPUCommandEncoder, buffer: GPUBuffer, row: number, count: number, target: GpuTensor, rowBytes: number) {
  let done = 0;
  while (done < count) {
    const at = row + done;
    const part = target.parts.find((p) => at >= p.first && at < p.first + p.count)!;
    const n = Math.min(count - done, part.first + part.count - at);
    encoder.copyBufferToBuffer(buffer, done * rowBytes, part.buffer, (at - part.first) * rowBytes, n * rowBytes);
    done += n;
  }
}
