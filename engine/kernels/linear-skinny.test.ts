// The skinny linear kernel (a few rows per pass: batched decode, short prompts) against the CPU reference, with
// token counts around its 8-token tile, rows not a multiple of its 8-row blocks, K both shorter and longer than
// one round of its 32 lanes, and split into two weight parts as the loader splits large tensors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import * as ref from '../reference/ops';
import { maxRelativeError, rng, runKernel, u32 } from '../../testing/run-kernel';
import { linearSkinnySpec, SKINNY_ROWS, SKINNY_TOKENS } from './linear-skinny';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());
const f32 = (b: ArrayBuffer) => new Float32Array(b);

it('one output per lane: rows × tokens of a group is 32', () => {
  expect(SKINNY_ROWS * SKINNY_TOKENS).toBe(32);
  expect(/const R = (\d+)u;\nconst TT = (\d+)u;/.exec(linearSkinnySpec.wgsl[0])?.slice(1)).toEqual([String(SKINNY_ROWS), String(SKINNY_TOKENS)]);
});

describe.each([72, 400])('K = %i', (K) => {
  const N = 37; // not a multiple of the 8 rows of a workgroup
  const r = rng(K);
  const w = r.bf16(N * K, 0.2);
  const bias = r.bf16(N, 0.5);
  const params = { K, N, bias: true, accumulate: true, logitsRows: false };

  it.each([2, 8, 13, 37])('%i tokens, split into two parts, accumulating into y', async (T) => {
    const x = r.uniform(T * K);
    const y0 = r.uniform(T * N);
    const expected = ref.linear(x, w, bias, T, K, N).map((v, i) => v + y0[i]);
    let y = y0;
    for (const [first, count] of [[0, 20], [20, 17]]) {
      const inputs = { step: u32(T, 0, 0, 0), part: u32(first, count, 0, 0), x, w: w.subarray(first * K, (first + count) * K), bias, y, norm: { bytes: 16 } };
      y = f32((await runKernel(gpu.device, linearSkinnySpec, params, inputs, linearSkinnySpec.grid({ rows: count, tokens: T }))).y);
    }
    expect(maxRelativeError(y, expected)).toBeLessThan(1e-5);
  });

  it.each([5, 19])('%i tokens with the RMSNorm fused in equals rmsnorm then linear', async (T) => {
    const x = r.uniform(T * K, 3);
    const norm = r.bf16(K, 1.5);
    const expected = ref.linear(Float32Array.from(ref.rmsnorm(x, norm, T, K, 1e-5)), w, bias, T, K, N);
    const out = await runKernel(gpu.device, linearSkinnySpec, { ...params, accumulate: false, normEps: 1e-5 }, {
      step: u32(T, 0, 0, 0), part: u32(0, N, 0, 0), x, w, bias, y: { bytes: T * N * 4 }, norm,
    }, linearSkinnySpec.grid({ rows: N, tokens: T }));
    expect(maxRelativeError(f32(out.y), expected)).toBeLessThan(1e-5);
  });

  it('only computes rows from logits_from when FROM_LOGITS_ROW (lm_head), renumbered from 0', async () => {
    const T = 20;
    const from = 7;
    const x = r.uniform(T * K);
    const out = await runKernel(gpu.device, linearSkinnySpec, { K, N, bias: false, accumulate: false, logitsRows: true }, {
      step: u32(T, 0, from, 0), part: u32(0, N, 0, 0), x, w, bias, y: { bytes: (T - from) * N * 4 }, norm: { bytes: 16 },
    }, linearSkinnySpec.grid({ rows: N, tokens: T - from }));
    expect(maxRelativeError(f32(out.y), ref.linear(x.subarray(from * K), w, null, T - from, K, N))).toBeLessThan(1e-5);
  });
});
