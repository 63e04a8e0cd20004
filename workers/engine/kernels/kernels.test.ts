// Each kernel against its CPU reference (reference/ops.ts) on random inputs, with sizes that do not divide
// the workgroup or tile sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../../scripts/lib/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import * as ref from '../reference/ops';
import { widenBf16 } from '../reference/bf16';
import { maxRelativeError, rng, runKernel, u32 } from '../testing/run-kernel';
import embed from './embed.wgsl?raw';
import rmsnorm from './rmsnorm.wgsl?raw';
import matvec from './linear-matvec.wgsl?raw';
import tiled from './linear-tiled.wgsl?raw';
import attention from './attention.wgsl?raw';
import attentionCombine from './attention-combine.wgsl?raw';
import topk from './router-topk.wgsl?raw';
import mxfp4 from './mxfp4.wgsl?raw';
import gateUp from './moe-gate-up.wgsl?raw';
import down from './moe-down.wgsl?raw';
import argmax from './argmax.wgsl?raw';
import ropeKv from './rope-kv.wgsl?raw';
import { ropeTable, yarnConcentration, yarnInverseFrequencies } from '../model/rope';
import { parseConfig } from '../model/config';
import { GPT_OSS_20B } from '../model/gpt-oss-20b';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());
const f32 = (b: ArrayBuffer) => new Float32Array(b);

describe('linear (bf16 weights)', () => {
  const K = 72; // not a multiple of the 32-wide K tile
  const N = 37; // not a multiple of 4 rows (matvec) or 64 rows (tiled)
  const r = rng(1);
  const w = r.bf16(N * K, 0.2);
  const bias = r.bf16(N, 0.5);

  it.each([
    ['matvec', 1, matvec, 32],
    ['matvec', 3, matvec, 32],
    ['matvec', 6, matvec, 32], // more tokens than one group of four
    ['matvec', 1, matvec, 1], // one lane per row: no reduction
    ['matvec', 6, matvec, 4],
    ['tiled', 5, tiled, 0],
    ['tiled', 45, tiled, 0],
  ] as const)('%s with %i tokens (lanes per row: %s), split into two parts, accumulating into y', async (kind, T, source, lanes) => {
    const x = r.uniform(T * K);
    const y0 = r.uniform(T * N);
    const expected = ref.linear(x, w, bias, T, K, N).map((v, i) => v + y0[i]);
    // Rows [0, 20) and [20, 37) as two parts, dispatched one after the other on the same y.
    let y = y0;
    for (const [first, count] of [[0, 20], [20, 17]]) {
      const grid: [number, number, number] = kind === 'matvec' ? [Math.ceil(count / (128 / lanes)), 1, 1] : [Math.ceil(count / 64), Math.ceil(T / 32), 1];
      const constants = { K, N, HAS_BIAS: true, ACCUMULATE: true, FROM_LOGITS_ROW: false, ...(kind === 'matvec' ? { LANES: lanes } : {}) };
      y = f32(await runKernel(gpu.device, [source], constants, [
        { kind: 'uniform', data: u32(T, 0, 0, 0) },
        { kind: 'uniform', data: u32(first, count, 0, 0) },
        { kind: 'read', data: x },
        { kind: 'read', data: w.subarray(first * K, (first + count) * K) },
        { kind: 'read', data: bias },
        { kind: 'write', data: y },
      ], grid, 5));
    }
    expect(maxRelativeError(y, expected)).toBeLessThan(1e-5);
  });

  it('only computes rows from logits_from when FROM_LOGITS_ROW', async () => {
    const T = 9;
    const x = r.uniform(T * K);
    const out = f32(await runKernel(gpu.device, [tiled], { K, N, HAS_BIAS: false, ACCUMULATE: false, FROM_LOGITS_ROW: true }, [
      { kind: 'uniform', data: u32(T, 0, 7, 0) },
      { kind: 'uniform', data: u32(0, N, 0, 0) },
      { kind: 'read', data: x },
      { kind: 'read', data: w },
      { kind: 'read', data: bias },
      { kind: 'write', bytes: 2 * N * 4 },
    ], [1, 1, 1], 5));
    expect(maxRelativeError(out, ref.linear(x.subarray(7 * K), w, null, 2, K, N))).toBeLessThan(1e-5);
  });
});

it('rmsnorm, hidden size not a multiple of the workgroup', async () => {
  const H = 200;
  const T = 3;
  const r = rng(2);
  const x = r.uniform(T * H, 3);
  const w = r.bf16(H, 1.5);
  const y = f32(await runKernel(gpu.device, [rmsnorm], { HIDDEN: H, EPS: 1e-5 }, [
    { kind: 'uniform', data: u32(T, 0, 0, 0) },
    { kind: 'read', data: x },
    { kind: 'read', data: w },
    { kind: 'write', bytes: T * H * 4 },
  ], [T, 1, 1], 3));
  expect(maxRelativeError(y, ref.rmsnorm(x, w, T, H, 1e-5))).toBeLessThan(1e-5);
});

describe('attention with sinks, GQA and the KV ring buffer', () => {
  const heads = 6;
  const kvHeads = 2;
  const dim = 40; // not a multiple of 64 threads
  it.each([
    ['full attention', 0, 200, 3, 150],   // 150+ keys: several 64-key tiles
    ['sliding window in a ring', 5, 9, 3, 30],
  ])('%s', async (_name, window, capacity, T, pos0) => {
    const r = rng(3 + window);
    const q = r.uniform(T * heads * dim);
    const kCache = r.uniform(capacity * kvHeads * dim);
    const vCache = r.uniform(capacity * kvHeads * dim);
    const sinks = r.bf16(heads, 2);
    const at = (cache: Float32Array) => (pos: number, h: number) => cache.subarray(((pos % capacity) * kvHeads + h) * dim, ((pos % capacity) * kvHeads + h + 1) * dim);
    const expected = ref.attention({ q, keys: at(kCache), values: at(vCache), sinks, T, pos0, heads, kvHeads, dim, window });
    const out = f32(await runKernel(gpu.device, [attention], { HEADS_Q: heads, HEADS_KV: kvHeads, HEAD_DIM: dim }, [
      { kind: 'uniform', data: u32(T, pos0, 0, 0) },
      { kind: 'uniform', data: u32(capacity, window, 0, 0) },
      { kind: 'read', data: q },
      { kind: 'read', data: kCache },
      { kind: 'read', data: vCache },
      { kind: 'read', data: sinks },
      { kind: 'write', bytes: T * heads * dim * 4 },
      { kind: 'write', bytes: 16 },
    ], [heads, T, 1], 6));
    expect(maxRelativeError(out, expected)).toBeLessThan(1e-5);

    // Decode form: keys split into ranges of 16 over workgroups (a partial last range), then combined.
    const splitKeys = 16;
    const maxSplits = Math.ceil((pos0 + T) / splitKeys);
    const keys = window > 0 ? Math.min(window, pos0 + T) : pos0 + T;
    const split = { HEADS_Q: heads, HEADS_KV: kvHeads, HEAD_DIM: dim, SPLIT_KEYS: splitKeys, MAX_SPLITS: maxSplits };
    const partials = f32(await runKernel(gpu.device, [attention], split, [
      { kind: 'uniform', data: u32(T, pos0, 0, 0) },
      { kind: 'uniform', data: u32(capacity, window, 0, 0) },
      { kind: 'read', data: q },
      { kind: 'read', data: kCache },
      { kind: 'read', data: vCache },
      { kind: 'read', data: sinks },
      { kind: 'write', bytes: 16 },
      { kind: 'write', bytes: T * heads * maxSplits * (dim + 2) * 4 },
    ], [heads, T, Math.ceil(keys / splitKeys)], 7));
    const combined = f32(await runKernel(gpu.device, [attentionCombine], { HEADS_Q: heads, HEAD_DIM: dim, SPLIT_KEYS: splitKeys, MAX_SPLITS: maxSplits }, [
      { kind: 'uniform', data: u32(T, pos0, 0, 0) },
      { kind: 'uniform', data: u32(capacity, window, 0, 0) },
      { kind: 'read', data: partials },
      { kind: 'read', data: sinks },
      { kind: 'write', bytes: T * heads * dim * 4 },
    ], [heads, T, 1], 4));
    expect(maxRelativeError(combined, expected)).toBeLessThan(1e-5);
  });
});

it('router top-k then softmax, ties to the lower index, token count not a multiple of 64', async () => {
  const E = 13;
  const K = 3;
  const T = 70;
  const logits = rng(4).uniform(T * E);
  logits.set([5, 5, 1, 5], 0); // token 0: a three-way tie for first
  const bindings = [
    { kind: 'uniform' as const, data: u32(T, 0, 0, 0) },
    { kind: 'read' as const, data: logits },
    { kind: 'write' as const, bytes: T * K * 4 },
    { kind: 'write' as const, bytes: T * K * 4 },
  ];
  const constants = { EXPERTS: E, TOP_K: K };
  const chosen = new Uint32Array(await runKernel(gpu.device, [topk], constants, bindings, [2, 1, 1], 2));
  const weights = f32(await runKernel(gpu.device, [topk], constants, bindings, [2, 1, 1], 3));
  const expected = ref.routerTopK(logits, T, E, K);
  expect(Array.from(chosen.subarray(0, 3))).toEqual([0, 1, 3]);
  expect(Array.from(chosen)).toEqual(expected.experts.flat());
  expect(maxRelativeError(weights, expected.weights.flat())).toBeLessThan(1e-6);
});

describe('MXFP4 experts', () => {
  const H = 64;
  const I = 96;
  const E = 5;
  const K = 2;
  const T = 3;
  const r = rng(5);
  const x = r.uniform(T * H);
  const chosen = [[4, 1], [0, 4], [2, 3]];
  const weights = [[0.7, 0.3], [0.5, 0.5], [0.9, 0.1]];
  const guBlocks = r.bytes(E * 2 * I * (H / 32) * 16);
  const guScales = r.bytes(E * 2 * I * (H / 32), 122, 4);
  const guBias = r.bf16(E * 2 * I, 0.3);
  const dBlocks = r.bytes(E * H * (I / 32) * 16);
  const dScales = r.bytes(E * H * (I / 32), 121, 4);
  const dBias = r.bf16(E * H, 0.3);

  it('gate/up (interleaved rows) with clamped SwiGLU, experts in two parts', async () => {
    const expected = ref.moeGateUp(x, chosen, guBlocks, guScales, guBias, H, I, 7);
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1); // the clamp and +1 matter at this scale
    const perExpertBlocks = 2 * I * (H / 32) * 16;
    const perExpertScales = 2 * I * (H / 32);
    let act = new Float32Array(T * K * I);
    for (const [first, count] of [[0, 3], [3, 2]]) {
      act = f32(await runKernel(gpu.device, [mxfp4, gateUp], { HIDDEN: H, INTERMEDIATE: I, TOP_K: K, LIMIT: 7 }, [
        { kind: 'uniform', data: u32(T, 0, 0, 0) },
        { kind: 'uniform', data: u32(first, count, 0, 0) },
        { kind: 'read', data: x },
        { kind: 'read', data: Uint32Array.from(chosen.flat()) },
        { kind: 'read', data: guBlocks.subarray(first * perExpertBlocks, (first + count) * perExpertBlocks) },
        { kind: 'read', data: guScales.subarray(first * perExpertScales, (first + count) * perExpertScales) },
        { kind: 'read', data: guBias },
        { kind: 'write', data: act },
      ], [I / 2, T * K, 1], 7));
    }
    expect(maxRelativeError(act, expected)).toBeLessThan(1e-5);
  });

  it('down projection + bias, weighted sum over experts, added to the residual', async () => {
    const act = r.uniform(T * K * I, 2);
    const residual = r.uniform(T * H);
    const expected = ref.moeDown(residual, act, chosen, weights, dBlocks, dScales, dBias, H, I);
    const out = f32(await runKernel(gpu.device, [mxfp4, down], { HIDDEN: H, INTERMEDIATE: I, TOP_K: K }, [
      { kind: 'uniform', data: u32(T, 0, 0, 0) },
      { kind: 'uniform', data: u32(0, E, 0, 0) },
      { kind: 'read', data: act },
      { kind: 'read', data: Uint32Array.from(chosen.flat()) },
      { kind: 'read', data: Float32Array.from(weights.flat()) },
      { kind: 'read', data: dBlocks },
      { kind: 'read', data: dScales },
      { kind: 'read', data: dBias },
      { kind: 'write', data: residual },
    ], [H / 2, T, 1], 8));
    expect(maxRelativeError(out, expected)).toBeLessThan(1e-5);
  });
});

it('embedding gather from a table split into parts', async () => {
  const H = 64;
  const V = 50;
  const table = rng(6).bf16(V * H);
  const ids = u32(49, 3, 25, 24);
  let x = new Float32Array(ids.length * H);
  for (const [first, count] of [[0, 25], [25, 25]]) {
    x = f32(await runKernel(gpu.device, [embed], { HIDDEN: H }, [
      { kind: 'uniform', data: u32(ids.length, 0, 0, 0) },
      { kind: 'uniform', data: u32(first, count, 0, 0) },
      { kind: 'read', data: ids },
      { kind: 'read', data: table.subarray(first * H, (first + count) * H) },
      { kind: 'write', data: x },
    ], [1, ids.length, 1], 4));
  }
  const widened = widenBf16(table);
  ids.forEach((id, t) => expect(Array.from(x.subarray(t * H, (t + 1) * H))).toEqual(Array.from(widened.subarray(id * H, (id + 1) * H))));
});

it('argmax over a vocabulary row with ties picks the lower index', async () => {
  const V = 1000;
  const logits = rng(7).uniform(2 * V);
  logits[V + 777] = 9;
  logits[V + 778] = 9;
  const result = new Uint32Array(await runKernel(gpu.device, [argmax], { VOCAB: V }, [
    { kind: 'uniform', data: u32(1, 0, 0, 0) },
    { kind: 'read', data: logits },
    { kind: 'write', bytes: 4 },
  ], [1, 1, 1], 2));
  expect(result[0]).toBe(777);
});

it('RoPE on q and k, and k/v stored at pos % capacity in the cache ring', async () => {
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
  const bindings = [
    { kind: 'uniform' as const, data: u32(T, pos0, 0, 0) },
    { kind: 'uniform' as const, data: u32(capacity, 0, 0, 0) },
    { kind: 'read' as const, data: ropeTable(yarn, dim, pos0 + T) },
    { kind: 'write' as const, data: q },
    { kind: 'write' as const, data: k },
    { kind: 'read' as const, data: v },
    { kind: 'write' as const, bytes: capacity * kvHeads * dim * 4 },
    { kind: 'write' as const, bytes: capacity * kvHeads * dim * 4 },
  ];
  const constants = { HEADS_Q: heads, HEADS_KV: kvHeads, HEAD_DIM: dim };
  const grid: [number, number, number] = [1, heads + kvHeads, T];
  const qOut = f32(await runKernel(gpu.device, [ropeKv], constants, bindings, grid, 3));
  const kCache = f32(await runKernel(gpu.device, [ropeKv], constants, bindings, grid, 6));
  const vCache = f32(await runKernel(gpu.device, [ropeKv], constants, bindings, grid, 7));
  const inv = yarnInverseFrequencies(yarn, dim);
  const conc = yarnConcentration(yarn);
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const at = (t * heads + h) * dim;
      expect(maxRelativeError(qOut.subarray(at, at + dim), ref.rope(q.subarray(at, at + dim), pos0 + t, inv, conc))).toBeLessThan(1e-5);
    }
    const slot = (pos0 + t) % capacity;
    expect(maxRelativeError(kCache.subarray(slot * dim, (slot + 1) * dim), ref.rope(k.subarray(t * dim, (t + 1) * dim), pos0 + t, inv, conc))).toBeLessThan(1e-5);
    expect(Array.from(vCache.subarray(slot * dim, (slot + 1) * dim))).toEqual(Array.from(v.subarray(t * dim, (t + 1) * dim)));
  }
});
