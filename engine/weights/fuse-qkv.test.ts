// The stacked q|k|v tensor holds exactly the rows of q, then k, then v, whatever parts the sources and the
// result are split into, and the separate tensors are gone from the map.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import { readBack } from '../gpu/buffers';
import { layerPrefix } from '../model/tensors';
import { fuseQkv, QKV_BIAS, QKV_WEIGHT } from './fuse-qkv';
import { createTensorBuffers, planParts, writePart, type GpuTensor } from './gpu-tensor';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());

const K = 8; // bf16 per row: 16 bytes
const rows = { q_proj: 12, k_proj: 4, v_proj: 4 };

/** A tensor of `count` rows whose bf16 values encode (tensor, row, column), split into parts of maxPartBytes. */
function tensor(name: string, tag: number, count: number, rowElements: number, maxPartBytes: number): { t: GpuTensor; values: Uint16Array } {
  const values = Uint16Array.from({ length: count * rowElements }, (_, i) => tag * 1000 + i);
  const shape = rowElements === 1 ? [count] : [count, rowElements];
  const t = createTensorBuffers(gpu.device, name, 'BF16', shape, planParts(name, shape, values.byteLength, maxPartBytes));
  for (const part of t.parts) writePart(gpu.device, part, 0, new Uint8Array(values.buffer, part.first * rowElements * 2, part.count * rowElements * 2), name);
  return { t, values };
}

async function read(t: GpuTensor, rowElements: number): Promise<number[]> {
  const out: number[] = [];
  for (const part of t.parts) out.push(...new Uint16Array(await readBack(gpu.device, part.buffer, part.count * rowElements * 2)));
  return out;
}

it.each([
  ['sources and result in one part each', 1 << 20, 1 << 20],
  ['sources in parts of 5 rows, result in parts of 7 rows', 5 * 16, 7 * 16],
])('q|k|v stacked for two layers: %s', async (_label, sourcePart, resultPart) => {
  const weights = new Map<string, GpuTensor>();
  const expected: Record<string, number[]> = {};
  for (let l = 0; l < 2; l++) {
    const p = layerPrefix(l);
    const w: number[] = [];
    const b: number[] = [];
    for (const [i, [name, count]] of Object.entries(rows).entries()) {
      const weight = tensor(`${p}self_attn.${name}.weight`, 10 * l + i, count, K, sourcePart);
      const bias = tensor(`${p}self_attn.${name}.bias`, 10 * l + i + 5, count, 1, 1 << 20);
      weights.set(weight.t.name, weight.t);
      weights.set(bias.t.name, bias.t);
      w.push(...weight.values);
      b.push(...bias.values);
    }
    expected[p + QKV_WEIGHT] = w;
    expected[p + QKV_BIAS] = b;
  }
  fuseQkv(gpu.device, weights, 2, resultPart);
  expect([...weights.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [name, values] of Object.entries(expected)) {
    const t = weights.get(name)!;
    expect(t.shape[0]).toBe(20);
    expect(await read(t, name.endsWith('weight') ? K : 1)).toEqual(values);
  }
  expect(weights.get(layerPrefix(0) + QKV_WEIGHT)!.parts.length).toBe(resultPart === 7 * 16 ? 3 : 1);
});
