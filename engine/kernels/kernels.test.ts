// Each kernel, run through its spec (the same bindings, constants and grids the forward plan uses), against its
// CPU reference (reference/ops.ts) on random inputs, with sizes that do not divide the workgroup or tile sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import { BASELINE, type Capabilities } from '../gpu/capabilities';
import { capabilitiesOf } from '../gpu/subgroup-layout';
import * as ref from '../reference/ops';
import { widenBf16 } from '../reference/bf16';
import { maxRelativeError, randomExpertWeights, rng, runKernel, u32 } from '../../testing/run-kernel';
import { ropeTable, yarnConcentration, yarnInverseFrequencies } from '../model/rope';
import { parseConfig } from '../model/config';
import { GPT_OSS_20B } from '../model/gpt-oss-20b';
import { embedSpec } from './embed';
import { rmsnormSpec } from './rmsnorm';
import { linearMatvecSpec } from './linear-matvec';
import { linearTiledSpec } from './linear-tiled';
import { attentionBlockRows, attentionRowsSpec } from './attention-rows';
import { attentionQueriesSpec, fitsQueryBlocks, queryBlockRows } from './attention-queries';
import { attentionDecodeSpec } from './attention-decode';
import { attentionCombineSpec } from './attention-combine';
import { routerTopkSpec } from './router-topk';
import { moeGateUpSpec } from './moe-gate-up';
import { moeDownSpec } from './moe-down';
import { moeCombineSpec } from './moe-combine';
import { moeDownCombineSpec } from './moe-down-combine';
import { argmaxSpec } from './argmax';
import { ropeKvSpec } from './rope-kv';

let gpu: AcquiredDevice;
// The kernels with lane sums run in both forms: workgroup memory (BASELINE) and subgroup shuffles (the device's
// own capabilities: SwiftShader's subgroups have 4 lanes, so the chunks of a 32-lane run meet in workgroup memory).
let subgroups: Capabilities;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
  subgroups = await capabilitiesOf(gpu.device);
});
afterAll(() => gpu?.device.destroy());
const capsFor = (sums: 'workgroup' | 'subgroup') => (sums === 'subgroup' ? subgroups : BASELINE);

it('the device runs the subgroup forms of the kernels (subgroups probed as runs of consecutive lanes) and keeps f16 subnormals', () => {
  expect(subgroups.subgroupLanes).toBeGreaterThanOrEqual(2);
  expect(subgroups.f16Subnormals).toBe(true);
});
const f32 = (b: ArrayBuffer) => new Float32Array(b);

describe.each(['workgroup', 'subgroup'] as const)('linear (bf16 weights), %s sums', (sums) => {
  const K = 72; // not a multiple of the 32-wide K tile
  const N = 37; // not a multiple of 4 rows (matvec) or 64 rows (tiled)
  const r = rng(1);
  const w = r.bf16(N * K, 0.2);
  const bias = r.bf16(N, 0.5);
  const params = { K, N, bias: true, accumulate: true, logitsRows: false };

  // The tiled kernel has no lane sums: it runs once, with the workgroup form's cases.
  it.each(([
    ['matvec', 1, 32],
    ['matvec', 3, 32],
    ['matvec', 6, 32],
    ['matvec', 11, 32], // several groups of tokens, the last partial
    ['matvec', 12, 128],
    ['matvec', 5, 64], // the o projection's 64 lanes per row
    ['matvec', 1, 1], // one lane per row: no reduction
    ['matvec', 6, 4],
    ['matvec', 2, 128], // a whole workgroup per row (few rows)
    ['tiled', 5, 0],
    ['tiled', 45, 0],
  ] as const).filter(([kind]) => kind === 'matvec' || sums === 'workgroup'))('%s with %i tokens (lanes per row: %s), split into two parts, accumulating into y', async (kind, T, lanes) => {
    const x = r.uniform(T * K);
    const y0 = r.uniform(T * N);
    const expected = ref.linear(x, w, bias, T, K, N).map((v, i) => v + y0[i]);
    // Rows [0, 20) and [20, 37) as two parts, dispatched one after the other on the same y.
    let y = y0;
    for (const [first, count] of [[0, 20], [20, 17]]) {
      const inputs = { step: u32(T, 0, 0, 0), part: u32(first, count, 0, 0), x, w: w.subarray(first * K, (first + count) * K), bias, y };
      const out = kind === 'matvec'
        ? await runKernel(gpu.device, linearMatvecSpec, { ...params, lanes }, { ...inputs, norm: { bytes: 16 } }, linearMatvecSpec.grid({ rows: count, lanes }), capsFor(sums))
        : await runKernel(gpu.device, linearTiledSpec, params, inputs, linearTiledSpec.grid({ rows: count, tokens: T }));
      y = f32(out.y);
    }
    expect(maxRelativeError(y, expected)).toBeLessThan(1e-5);
  });

  it.each([[1, 32], [2, 128], [6, 4], [3, 1], [11, 32]] as const)('matvec with the RMSNorm fused in (%i tokens, %i lanes) equals rmsnorm then linear', async (T, lanes) => {
    const x = r.uniform(T * K, 3);
    const norm = r.bf16(K, 1.5);
    const expected = ref.linear(Float32Array.from(ref.rmsnorm(x, norm, T, K, 1e-5)), w, bias, T, K, N);
    const out = await runKernel(gpu.device, linearMatvecSpec, { ...params, accumulate: false, lanes, normEps: 1e-5 }, {
      step: u32(T, 0, 0, 0), part: u32(0, N, 0, 0), x, w, bias, y: { bytes: T * N * 4 }, norm,
    }, linearMatvecSpec.grid({ rows: N, lanes }), capsFor(sums));
    expect(maxRelativeError(f32(out.y), expected)).toBeLessThan(1e-5);
  });

  if (sums === 'workgroup') it('tiled over several token tiles and row tiles, the last of each partial, K not a whole number of steps', async () => {
    const [T, Kw, Nw] = [70, 40, 300]; // 3 tiles of 32 tokens, 3 of 128 rows, 2.5 steps of 16 inputs
    const ww = r.bf16(Nw * Kw, 0.2);
    const bw = r.bf16(Nw, 0.5);
    const x = r.uniform(T * Kw);
    const out = await runKernel(gpu.device, linearTiledSpec, { K: Kw, N: Nw, bias: true, accumulate: false, logitsRows: false }, {
      step: u32(T, 0, 0, 0), part: u32(0, Nw, 0, 0), x, w: ww, bias: bw, y: { bytes: T * Nw * 4 },
    }, linearTiledSpec.grid({ rows: Nw, tokens: T }));
    expect(linearTiledSpec.grid({ rows: Nw, tokens: T })).toEqual([3, 3, 1]);
    expect(maxRelativeError(f32(out.y), ref.linear(x, ww, bw, T, Kw, Nw))).toBeLessThan(1e-5);
  });

  if (sums === 'workgroup') it('only computes rows from logits_from when FROM_LOGITS_ROW', async () => {
    const T = 9;
    const x = r.uniform(T * K);
    const out = await runKernel(gpu.device, linearTiledSpec, { K, N, bias: false, accumulate: false, logitsRows: true }, {
      step: u32(T, 0, 7, 0), part: u32(0, N, 0, 0), x, w, bias, y: { bytes: 2 * N * 4 },
    }, linearTiledSpec.grid({ rows: N, tokens: 2 }));
    expect(maxRelativeError(f32(out.y), ref.linear(x.subarray(7 * K), w, null, 2, K, N))).toBeLessThan(1e-5);
  });
});

it('rmsnorm, hidden size not a multiple of the workgroup', async () => {
  const H = 200;
  const T = 3;
  const r = rng(2);
  const x = r.uniform(T * H, 3);
  const weight = r.bf16(H, 1.5);
  const out = await runKernel(gpu.device, rmsnormSpec, { hidden: H, eps: 1e-5 }, { step: u32(T, 0, 0, 0), x, weight, y: { bytes: T * H * 4 } }, rmsnormSpec.grid({ tokens: T }));
  expect(maxRelativeError(f32(out.y), ref.rmsnorm(x, weight, T, H, 1e-5))).toBeLessThan(1e-5);
});

/**
 * Random q, KV caches and sinks for token rows given as (slot, position), and the reference output: each row
 * attends only to its own slot's keys (a ring of `capacity` positions), so the reference runs row by row.
 */
function attentionCase(seed: number, shape: { heads: number; kvHeads: number; dim: number; window: number; capacity: number; slots: number }, rowList: [number, number][]) {
  const { heads, kvHeads, dim, window, capacity, slots } = shape;
  const T = rowList.length;
  const r = rng(seed);
  const q = r.uniform(T * heads * dim);
  const kCache = r.uniform(slots * capacity * kvHeads * dim);
  const vCache = r.uniform(slots * capacity * kvHeads * dim);
  const sinks = r.bf16(heads, 2);
  const expected = new Float64Array(T * heads * dim);
  rowList.forEach(([slot, pos], t) => {
    const at = (cache: Float32Array) => (p: number, h: number) => cache.subarray(((slot * capacity + (p % capacity)) * kvHeads + h) * dim, ((slot * capacity + (p % capacity)) * kvHeads + h + 1) * dim);
    expected.set(ref.attention({ q: q.subarray(t * heads * dim, (t + 1) * heads * dim), keys: at(kCache), values: at(vCache), sinks, T: 1, pos0: pos, heads, kvHeads, dim, window }), t * heads * dim);
  });
  return { q, kCache, vCache, sinks, expected };
}

describe('attention with sinks, GQA and the KV ring buffer', () => {
  const heads = 6;
  const kvHeads = 2;
  const dim = 40; // not a multiple of 64 threads
  const sequentialRows = (T: number, pos0: number) => Array.from({ length: T }, (_, t): [number, number] => [0, pos0 + t]);
  it.each([
    // Decode form: keys split into ranges of 48 (more than one 32-key tile, a partial last range).
    ['full attention', 0, 200, 1, sequentialRows(3, 150), 48],   // 150+ keys: several 64-key tiles
    ['sliding window in a ring', 5, 9, 1, sequentialRows(3, 30), 48],
    // A batched decode pass: rows of three sequences (KV slots), each at its own position, one row with a single key.
    ['rows of several sequences at their own positions', 0, 120, 3, [[2, 97], [0, 0], [1, 60], [0, 1]] as [number, number][], 48],
    ['several sequences, sliding window', 7, 11, 2, [[1, 40], [0, 3]] as [number, number][], 48],
    // 300 ranges of 2 keys: the combine takes them 256 at a time, each thread several ranges apart.
    ['hundreds of key ranges', 0, 700, 2, [[0, 599], [1, 10]] as [number, number][], 2],
  ])('%s', async (_name, window, capacity, slots, rowList, splitKeys) => {
    const T = rowList.length;
    const { q, kCache, vCache, sinks, expected } = attentionCase(3 + window + T, { heads, kvHeads, dim, window, capacity, slots }, rowList);
    const headParams = { headsQ: heads, headsKv: kvHeads, headDim: dim };
    const rows = Uint32Array.from(rowList.flat());
    const common = { step: u32(T, 0, 0, 0), layer: u32(capacity, window, 0, 0), rows, q, kCache, vCache, sinks };
    // Prompt form (blocks of rows; a block of rows of several slots takes them one at a time).
    const prefill = await runKernel(gpu.device, attentionRowsSpec, headParams, { ...common, out: { bytes: T * heads * dim * 4 } }, attentionRowsSpec.grid({ ...headParams, tokens: T }));
    expect(maxRelativeError(f32(prefill.out), expected)).toBeLessThan(1e-5);

    // Decode form: key ranges over workgroups, each serving the 3 query heads of its KV head, then combined. The
    // grid covers the row with the most keys; rows with fewer skip the ranges they do not have.
    const end = Math.max(...rowList.map(([, pos]) => pos + 1));
    const maxSplits = Math.ceil(end / splitKeys);
    const keys = window > 0 ? Math.min(window, end) : end;
    const split = await runKernel(gpu.device, attentionDecodeSpec, { ...headParams, splitKeys, maxSplits }, {
      step: common.step, layer: common.layer, rows, q, kCache, vCache, partials: { bytes: T * heads * maxSplits * (dim + 2) * 4 },
    }, attentionDecodeSpec.grid({ headsKv: kvHeads, tokens: T, keys, splitKeys }));
    const combined = await runKernel(gpu.device, attentionCombineSpec, { headsQ: heads, headDim: dim, splitKeys, maxSplits }, {
      step: common.step, layer: common.layer, rows, partials: f32(split.partials), sinks, out: { bytes: T * heads * dim * 4 },
    }, attentionCombineSpec.grid({ headsQ: heads, tokens: T }));
    expect(maxRelativeError(f32(combined.out), expected)).toBeLessThan(1e-5);
  });
});

// Both prompt kernels (PromptAttention): blocks of 4 rows with threads sharing each query's work, and blocks of
// THREADS / group rows with a thread per query (gpt-oss: 16).
const PROMPT_KERNELS = [['attention-rows', attentionRowsSpec, attentionBlockRows], ['attention-queries', attentionQueriesSpec, queryBlockRows]] as const;
describe.each(PROMPT_KERNELS)('prompt attention over blocks of rows: %s', (_name, spec, blockRows) => {
  const run = (heads: number, kvHeads: number, dim: number, window: number, capacity: number, rowList: [number, number][]) => async () => {
    const T = rowList.length;
    const slots = Math.max(...rowList.map(([slot]) => slot)) + 1;
    const { q, kCache, vCache, sinks, expected } = attentionCase(11 + heads + window + T, { heads, kvHeads, dim, window, capacity, slots }, rowList);
    const headParams = { headsQ: heads, headsKv: kvHeads, headDim: dim };
    const grid = spec.grid({ ...headParams, tokens: T });
    expect(grid).toEqual([kvHeads, Math.ceil(T / blockRows(headParams)), 1]);
    const out = await runKernel(gpu.device, spec, headParams, {
      step: u32(T, 0, 0, 0), layer: u32(capacity, window, 0, 0), rows: Uint32Array.from(rowList.flat()), q, kCache, vCache, sinks, out: { bytes: T * heads * dim * 4 },
    }, grid);
    expect(maxRelativeError(f32(out.out), expected)).toBeLessThan(1e-5);
  };
  const prompt = (T: number, pos0: number, slot = 0) => Array.from({ length: T }, (_, t): [number, number] => [slot, pos0 + t]);
  // gpt-oss's group (8 query heads of 64 per KV head) and the tests' 3 of 40.
  it('gpt-oss heads, a prompt from position 0, several blocks, the last partial', run(16, 2, 64, 0, 64, prompt(23, 0)));
  it('a prompt after a cached prefix: many 16-key tiles per block', run(6, 2, 40, 0, 400, prompt(13, 290)));
  // A ring of window + T - 1 rows (as the KV plan sizes it): each row masks keys of the block's range outside its window.
  it('sliding window in a ring', run(16, 2, 64, 20, 20 + 17, prompt(18, 45)));
  it('a window shorter than a block', run(16, 2, 64, 3, 3 + 19, prompt(20, 7)));
  // Two sequences' prompts in one pass: the block where they meet (rows 16-19, or 16-31) takes its rows one at a time.
  it('blocks whose rows belong to two sequences', run(16, 2, 64, 5, 40, [...prompt(18, 20, 1), ...prompt(20, 0, 0)]));
});

it('the rows a prompt attention block takes for other head shapes', () => {
  expect(attentionBlockRows({ headsQ: 64, headsKv: 8, headDim: 64 })).toBe(4);
  expect(attentionBlockRows({ headsQ: 32, headsKv: 2, headDim: 64 })).toBe(2);
  expect(attentionBlockRows({ headsQ: 8, headsKv: 1, headDim: 128 })).toBe(2);
  expect(() => attentionBlockRows({ headsQ: 64, headsKv: 1, headDim: 64 })).toThrow(/at most 32 query heads/);
  expect(queryBlockRows({ headsQ: 64, headsKv: 8, headDim: 64 })).toBe(16);
  expect(queryBlockRows({ headsQ: 32, headsKv: 2, headDim: 64 })).toBe(8);
  expect(queryBlockRows({ headsQ: 6, headsKv: 2, headDim: 40 })).toBe(42);
  expect(() => queryBlockRows({ headsQ: 8, headsKv: 1, headDim: 128 })).toThrow(/at most 64/);
  expect(() => queryBlockRows({ headsQ: 256, headsKv: 1, headDim: 64 })).toThrow(/at most 128 query heads/);
  // The model's kernel set builds attention-queries only where it fits (a model of wider heads keeps attention-rows).
  expect([[64, 8, 64], [6, 2, 40], [8, 1, 128], [256, 1, 64]].map(([headsQ, headsKv, headDim]) => fitsQueryBlocks({ headsQ, headsKv, headDim }))).toEqual([true, true, false, false]);
});

it('router top-k then softmax, ties to the lower index, token count not a multiple of 64', async () => {
  const E = 13;
  const K = 3;
  const T = 70;
  const logits = rng(4).uniform(T * E);
  logits.set([5, 5, 1, 5], 0); // token 0: a three-way tie for first
  const out = await runKernel(gpu.device, routerTopkSpec, { experts: E, topK: K }, {
    step: u32(T, 0, 0, 0), logits, chosen: { bytes: T * K * 4 }, weights: { bytes: T * K * 4 },
  }, routerTopkSpec.grid({ tokens: T }));
  const chosen = new Uint32Array(out.chosen);
  const expected = ref.routerTopK(logits, T, E, K);
  expect(Array.from(chosen.subarray(0, 3))).toEqual([0, 1, 3]);
  expect(Array.from(chosen)).toEqual(expected.experts.flat());
  expect(maxRelativeError(f32(out.weights), expected.weights.flat())).toBeLessThan(1e-6);
});

// Small rows, and wider rows (130 blocks: lanes take 4 or 5 each) with output counts that leave the last
// group of lanes partly empty. Gate/up and the combine run both ways: given router-topk's experts and weights,
// and picking them from the router logits themselves (ties to the lower index; gate/up then writes the experts
// for down). The reference takes the reference router's top-k of the same logits.
// Each lane-sum form once with each FP4 decoding (mxfp4.ts: a table, or f16 subnormals where the device keeps them).
describe.each([
  { H: 64, I: 96, label: 'small rows', sums: 'workgroup', fp4: 'table' },
  { H: 64, I: 96, label: 'small rows', sums: 'subgroup', fp4: 'half' },
  { H: 32 * 130, I: 36, label: 'rows of 130 blocks, partial lane groups', sums: 'workgroup', fp4: 'half' },
  { H: 32 * 130, I: 36, label: 'rows of 130 blocks, partial lane groups', sums: 'subgroup', fp4: 'table' },
] as const)('MXFP4 experts, per-token kernels ($label, $sums sums, $fp4 FP4 decoding)', ({ H, I, sums, fp4 }) => {
  const caps = () => ({ ...capsFor(sums), f16Subnormals: fp4 === 'half' });
  const E = 5;
  const K = 2;
  const T = 3;
  const r = rng(5);
  const x = r.uniform(T * H, 3);
  const norm = r.bf16(H, 1.5);
  const logits = Float32Array.from([0.1, 0.9, -2, 0.3, 1.7, /**/ 1.25, -1, 0.5, 0.2, 1.25, /**/ -0.5, 0.4, 2.5, 2.25, 0]);
  const routing = ref.routerTopK(logits, T, E, K);
  const { guBlocks, guScales, guBias } = randomExpertWeights(r, E, H, I);
  // The down projection maps I inputs to H outputs: here I is the wide side, so that both kernels see wide rows.
  const [downH, downI] = [I, H];
  const dBlocks = r.bytes(E * downH * (downI / 32) * 16);
  const dScales = r.bytes(E * downH * (downI / 32), 121, 4);
  const dBias = r.bf16(E * downH, 0.3);

  it('the routing puts chosen experts in both parts of each kernel\'s split', () => {
    expect(routing.experts).toEqual([[4, 1], [0, 4], [2, 3]]);
  });

  // Three rounds of rows per workgroup leave the last workgroup's last round partly or wholly past the outputs.
  it.each([{ pick: false, rowSteps: 1 }, { pick: true, rowSteps: 1 }, { pick: false, rowSteps: 3 }, { pick: true, rowSteps: 3 }])('gate/up: RMSNorm of the residual, interleaved gate/up rows, clamped SwiGLU, experts in two parts (picking: $pick, rounds of rows: $rowSteps)', async ({ pick, rowSteps }) => {
    const h = Float32Array.from(ref.rmsnorm(x, norm, T, H, 1e-5));
    const expected = ref.moeGateUp(h, routing.experts, guBlocks, guScales, guBias, H, I, 7);
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1); // the clamp and +1 matter at this scale
    const perExpertBlocks = 2 * I * (H / 32) * 16;
    const perExpertScales = 2 * I * (H / 32);
    let act = new Float32Array(T * K * I);
    for (const [first, count] of [[0, 3], [3, 2]]) {
      // Picking: the logits alone decide (the experts given are wrong on purpose, and must be overwritten).
      const given = pick ? new Uint32Array(T * K).fill(E - 1) : Uint32Array.from(routing.experts.flat());
      const out = await runKernel(gpu.device, moeGateUpSpec, { hidden: H, intermediate: I, experts: E, topK: K, limit: 7, eps: 1e-5, pick, rowSteps }, {
        step: u32(T, 0, 0, 0), part: u32(first, count, 0, 0), x, norm, routerLogits: logits,
        blocks: guBlocks.subarray(first * perExpertBlocks, (first + count) * perExpertBlocks),
        scales: guScales.subarray(first * perExpertScales, (first + count) * perExpertScales), bias: guBias, act, chosen: given,
      }, moeGateUpSpec.grid({ intermediate: I, slots: T * K, rowSteps }), caps());
      act = f32(out.act);
      // Each slot's expert, for the down kernel.
      expect(Array.from(new Uint32Array(out.chosen))).toEqual(routing.experts.flat());
    }
    expect(maxRelativeError(act, expected)).toBeLessThan(1e-5);
  });

  it.each([{ pick: false, rowSteps: 1 }, { pick: true, rowSteps: 1 }, { pick: false, rowSteps: 3 }])('down projection + bias per slot, experts in two parts; the combine adds the weighted sum to the residual (picking: $pick, rounds of rows: $rowSteps)', async ({ pick, rowSteps }) => {
    const act = r.uniform(T * K * downI, 2);
    const residual = r.uniform(T * downH);
    const expected = ref.moeDown(residual, act, routing.experts, routing.weights, dBlocks, dScales, dBias, downH, downI);
    const perExpertBlocks = downH * (downI / 32) * 16;
    const perExpertScales = downH * (downI / 32);
    let expertOut = new Float32Array(T * K * downH);
    for (const [first, count] of [[0, 2], [2, 3]]) {
      expertOut = f32((await runKernel(gpu.device, moeDownSpec, { hidden: downH, intermediate: downI, topK: K, rowSteps }, {
        step: u32(T, 0, 0, 0), part: u32(first, count, 0, 0), act, chosen: Uint32Array.from(routing.experts.flat()),
        blocks: dBlocks.subarray(first * perExpertBlocks, (first + count) * perExpertBlocks),
        scales: dScales.subarray(first * perExpertScales, (first + count) * perExpertScales), bias: dBias, expertOut,
      }, moeDownSpec.grid({ hidden: downH, slots: T * K, rowSteps }), caps())).expertOut);
    }
    // Picking: the weights given are wrong on purpose (the logits decide).
    const weights = pick ? new Float32Array(T * K).fill(0.5) : Float32Array.from(routing.weights.flat());
    const out = f32((await runKernel(gpu.device, moeCombineSpec, { hidden: downH, experts: E, topK: K, pick }, {
      step: u32(T, 0, 0, 0), routerLogits: logits, weights, expertOut, x: residual,
    }, moeCombineSpec.grid({ hidden: downH, tokens: T }))).x);
    expect(maxRelativeError(out, expected)).toBeLessThan(1e-5);
  });

  // One dispatch: the weights worked out from the logits of the experts given in rank order; three rounds leave
  // the last workgroup's last round partly or wholly past the outputs; with K = 2 two of the four groups idle.
  it.each([1, 3])('down projection + bias + the weighted sum into the residual in one dispatch (rounds of rows: %i)', async (rowSteps) => {
    const act = r.uniform(T * K * downI, 2);
    const residual = r.uniform(T * downH);
    const expected = ref.moeDown(residual, act, routing.experts, routing.weights, dBlocks, dScales, dBias, downH, downI);
    const out = f32((await runKernel(gpu.device, moeDownCombineSpec, { hidden: downH, intermediate: downI, experts: E, topK: K, rowSteps }, {
      step: u32(T, 0, 0, 0), routerLogits: logits, chosen: Uint32Array.from(routing.experts.flat()), act,
      blocks: dBlocks, scales: dScales, bias: dBias, x: residual,
    }, moeDownCombineSpec.grid({ hidden: downH, tokens: T, rowSteps }), caps())).x);
    expect(maxRelativeError(out, expected)).toBeLessThan(1e-5);
  });
});

it('the picking combine takes the top-k of more experts than it has threads (70 over 64), ties to the lower index', async () => {
  const [E, K, T, H] = [70, 4, 2, 100];
  const r = rng(12);
  const logits = r.uniform(T * E);
  logits.set([3, 3], 64); // token 0: experts 64 and 65 tie for first (both past the first 64 threads)
  logits[E + 69] = 2.5;   // token 1: the last expert leads
  const expertOut = r.uniform(T * K * H);
  const residual = r.uniform(T * H);
  const routing = ref.routerTopK(logits, T, E, K);
  expect(routing.experts[0].slice(0, 2)).toEqual([64, 65]);
  expect(routing.experts[1][0]).toBe(69);
  const expected = Float64Array.from(residual, (v, i) => {
    const [t, h] = [Math.floor(i / H), i % H];
    return v + routing.weights[t].reduce((a, w, k) => a + w * expertOut[(t * K + k) * H + h], 0);
  });
  const out = f32((await runKernel(gpu.device, moeCombineSpec, { hidden: H, experts: E, topK: K, pick: true }, {
    step: u32(T, 0, 0, 0), routerLogits: logits, weights: { bytes: T * K * 4 }, expertOut, x: residual,
  }, moeCombineSpec.grid({ hidden: H, tokens: T }))).x);
  expect(maxRelativeError(out, expected)).toBeLessThan(1e-6);
});

it('embedding gather from a table split into parts', async () => {
  const H = 64;
  const V = 50;
  const table = rng(6).bf16(V * H);
  const ids = u32(49, 3, 25, 24);
  let x = new Float32Array(ids.length * H);
  for (const [first, count] of [[0, 25], [25, 25]]) {
    x = f32((await runKernel(gpu.device, embedSpec, { hidden: H }, {
      step: u32(ids.length, 0, 0, 0), part: u32(first, count, 0, 0), ids, table: table.subarray(first * H, (first + count) * H), x,
    }, embedSpec.grid({ hidden: H, tokens: ids.length }))).x);
  }
  const widened = widenBf16(table);
  ids.forEach((id, t) => expect(Array.from(x.subarray(t * H, (t + 1) * H))).toEqual(Array.from(widened.subarray(id * H, (id + 1) * H))));
});

it('argmax per vocabulary row, from a first row on: ties pick the lower index, with the softmax denominator', async () => {
  const V = 1000;
  const logits = rng(7).uniform(3 * V);
  logits[V + 777] = 9;
  logits[V + 778] = 9;
  logits[2 * V + 5] = 4;
  const out = await runKernel(gpu.device, argmaxSpec, { vocab: V }, { pick: u32(1, 0, 0, 0), logits, result: { bytes: 16 } }, argmaxSpec.grid({ rows: 2 }));
  const ids = new Uint32Array(out.result);
  expect([ids[0], ids[2]]).toEqual([777, 5]);
  // The softmax denominator relative to the maximum: the pick's probability is its inverse.
  [[1, 9], [2, 4]].forEach(([row, top], i) => {
    const expected = Array.from(logits.subarray(row * V, (row + 1) * V)).reduce((a, v) => a + Math.exp(v - top), 0);
    expect(Math.abs(new Float32Array(out.result)[2 * i + 1] - expected) / expected).toBeLessThan(1e-5);
  });
});

it('RoPE on q and k of stacked q|k|v rows, and k/v stored at each row\'s slot and pos % capacity in the cache', async () => {
  const heads = 3;
  const kvHeads = 1;
  const dim = 48;
  const T = 3;
  const pos0 = 1000; // angles far beyond 2π: the f64 table keeps them exact
  const capacity = 7;
  const yarn = parseConfig(GPT_OSS_20B).rope;
  const r = rng(8);
  const q = r.uniform(T * heads * dim);
  const k = r.uniform(T * kvHeads * dim);
  const v = r.uniform(T * kvHeads * dim);
  const qkv = new Float32Array(T * (heads + 2 * kvHeads) * dim);
  for (let t = 0; t < T; t++) {
    const row = t * (heads + 2 * kvHeads) * dim;
    qkv.set(q.subarray(t * heads * dim, (t + 1) * heads * dim), row);
    qkv.set(k.subarray(t * kvHeads * dim, (t + 1) * kvHeads * dim), row + heads * dim);
    qkv.set(v.subarray(t * kvHeads * dim, (t + 1) * kvHeads * dim), row + (heads + kvHeads) * dim);
  }
  const headParams = { headsQ: heads, headsKv: kvHeads, headDim: dim };
  const rowSlots = [1, 0, 1]; // rows of two sequences (KV slots 0 and 1)
  const out = await runKernel(gpu.device, ropeKvSpec, headParams, {
    step: u32(T, 0, 0, 0), layer: u32(capacity, 0, 0, 0), rows: Uint32Array.from(rowSlots.flatMap((s, t) => [s, pos0 + t])),
    rope: ropeTable(yarn, dim, pos0 + T), qkv, q: { bytes: q.byteLength },
    kCache: { bytes: 2 * capacity * kvHeads * dim * 4 }, vCache: { bytes: 2 * capacity * kvHeads * dim * 4 },
  }, ropeKvSpec.grid({ ...headParams, tokens: T }));
  const [qOut, kCache, vCache] = [f32(out.q), f32(out.kCache), f32(out.vCache)];
  const inv = yarnInverseFrequencies(yarn, dim);
  const conc = yarnConcentration(yarn);
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const at = (t * heads + h) * dim;
      expect(maxRelativeError(qOut.subarray(at, at + dim), ref.rope(q.subarray(at, at + dim), pos0 + t, inv, conc))).toBeLessThan(1e-5);
    }
    const slot = rowSlots[t] * capacity + ((pos0 + t) % capacity);
    expect(maxRelativeError(kCache.subarray(slot * dim, (slot + 1) * dim), ref.rope(k.subarray(t * dim, (t + 1) * dim), pos0 + t, inv, conc))).toBeLessThan(1e-5);
    expect(Array.from(vCache.subarray(slot * dim, (slot + 1) * dim))).toEqual(Array.from(v.subarray(t * dim, (t + 1) * dim)));
  }
});
