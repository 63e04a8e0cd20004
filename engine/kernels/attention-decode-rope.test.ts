// Decode attention with RoPE and the KV store folded in (attention-decode-rope) against the CPU reference: from
// raw stacked q|k|v rows of several sequences, each row's rotated key and value land in its slot's cache row,
// the rest of the cache is untouched, and attention (combined with attention-combine) equals the reference over
// the cache with those rows written.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import * as ref from '../reference/ops';
import { maxRelativeError, rng, runKernel, u32 } from '../../testing/run-kernel';
import { ropeTable, yarnConcentration, yarnInverseFrequencies } from '../model/rope';
import { parseConfig } from '../model/config';
import { GPT_OSS_20B } from '../model/gpt-oss-20b';
import { attentionDecodeRopeSpec } from './attention-decode-rope';
import { attentionCombineSpec } from './attention-combine';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());
const f32 = (b: ArrayBuffer) => new Float32Array(b);

const heads = 6;
const kvHeads = 2;
const dim = 40; // 5 vec4 per half-head
const yarn = parseConfig(GPT_OSS_20B).rope;

it.each([
  // Rows of three sequences at their own positions; one row's range holds its position in the middle of a 48-key
  // range, one at a range's first key, one a sequence's first token (position 0).
  ['full attention', 0, 1100, 3, [[2, 1030], [0, 0], [1, 48]] as [number, number][]],
  // A ring of 11 rows for a window of 7: the new key overwrites a row older than the window.
  ['sliding window in a ring', 7, 11, 2, [[1, 40], [0, 3]] as [number, number][]],
])('%s', async (_name, window, capacity, slots, rowList) => {
  const T = rowList.length;
  const splitKeys = 48;
  const r = rng(21 + T);
  const width = (heads + 2 * kvHeads) * dim;
  const qkv = r.uniform(T * width);
  const kCache = r.uniform(slots * capacity * kvHeads * dim);
  const vCache = r.uniform(slots * capacity * kvHeads * dim);
  const sinks = r.bf16(heads, 2);
  const end = Math.max(...rowList.map(([, pos]) => pos + 1));
  const inv = yarnInverseFrequencies(yarn, dim);
  const conc = yarnConcentration(yarn);

  // The reference: rotate q and k of each row, write k and v into the row's cache slot, attend row by row.
  const kExpected = Float64Array.from(kCache);
  const vExpected = Float64Array.from(vCache);
  const qRotated = new Float32Array(T * heads * dim);
  rowList.forEach(([slot, pos], t) => {
    const head = (h: number) => qkv.subarray(t * width + h * dim, t * width + (h + 1) * dim);
    for (let h = 0; h < heads; h++) qRotated.set(ref.rope(head(h), pos, inv, conc), (t * heads + h) * dim);
    for (let h = 0; h < kvHeads; h++) {
      const at = ((slot * capacity + (pos % capacity)) * kvHeads + h) * dim;
      kExpected.set(ref.rope(head(heads + h), pos, inv, conc), at);
      vExpected.set(head(heads + kvHeads + h), at);
    }
  });
  const expected = new Float64Array(T * heads * dim);
  rowList.forEach(([slot, pos], t) => {
    const at = (cache: Float64Array) => (p: number, h: number) => cache.subarray(((slot * capacity + (p % capacity)) * kvHeads + h) * dim, ((slot * capacity + (p % capacity)) * kvHeads + h + 1) * dim);
    const one = ref.attention({ q: qRotated.subarray(t * heads * dim, (t + 1) * heads * dim), keys: at(kExpected), values: at(vExpected), sinks, T: 1, pos0: pos, heads, kvHeads, dim, window });
    expected.set(one, t * heads * dim);
  });

  const headParams = { headsQ: heads, headsKv: kvHeads, headDim: dim };
  const maxSplits = Math.ceil(end / splitKeys);
  const keys = window > 0 ? Math.min(window, end) : end;
  const step = u32(T, 0, 0, 0);
  const layer = u32(capacity, window, 0, 0);
  const rows = Uint32Array.from(rowList.flat());
  const fused = await runKernel(gpu.device, attentionDecodeRopeSpec, { ...headParams, splitKeys, maxSplits }, {
    step, layer, rows, rope: ropeTable(yarn, dim, end), qkv, kCache, vCache, partials: { bytes: T * heads * maxSplits * (dim + 2) * 4 },
  }, attentionDecodeRopeSpec.grid({ headsKv: kvHeads, tokens: T, keys, splitKeys }));
  expect(maxRelativeError(f32(fused.kCache), kExpected)).toBeLessThan(1e-5);
  expect(Array.from(f32(fused.vCache))).toEqual(Array.from(vExpected, Math.fround));
  const combined = await runKernel(gpu.device, attentionCombineSpec, { headsQ: heads, headDim: dim, splitKeys, maxSplits }, {
    step, layer, rows, partials: f32(fused.partials), sinks, out: { bytes: T * heads * dim * 4 },
  }, attentionCombineSpec.grid({ headsQ: heads, tokens: T }));
  expect(maxRelativeError(f32(combined.out), expected)).toBeLessThan(1e-5);
});

it('refuses a head dimension whose halves are not whole vec4s', () => {
  expect(() => attentionDecodeRopeSpec.constants({ headsQ: 2, headsKv: 1, headDim: 36, splitKeys: 32, maxSplits: 4 })).toThrow(/multiple of 8/);
});
