// The grouped (prefill) MoE path kernel by kernel, against the CPU reference: moe-route groups the slots by
// expert, the grouped gate/up and down kernels read each expert's MXFP4 weights once per 16-slot tile, and
// moe-combine adds the routing-weighted sum to the residual. 40 slots (several tiles), experts in two parts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import * as ref from '../reference/ops';
import { maxRelativeError, randomExpertWeights, rng, runKernel, u32 } from '../../testing/run-kernel';
import { moeCombineSpec } from './moe-combine';
import { moeDownGroupedSpec } from './moe-down-grouped';
import { moeGateUpGroupedSpec } from './moe-gate-up-grouped';
import { moeRouteSpec } from './moe-route';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());
const f32 = (b: ArrayBuffer) => new Float32Array(b);

const H = 64;
const I = 96;
const E = 5;
const K = 2;
const T = 20;
const r = rng(11);
const x = r.uniform(T * H);
// Two distinct experts per token; expert 2 gets no slot at all (an empty list must be skipped).
const chosen = Array.from({ length: T }, (_, t) => [[0, 1, 3, 4][t % 4], [4, 3, 1, 0][(t + 1 + (t % 3 === 0 ? 1 : 0)) % 4]]).map(([a, b]) => (a === b ? [a, (b + 1) % 2] : [a, b]));
const weights = chosen.map(() => {
  const w = 0.2 + 0.6 * Math.abs(r.uniform(1)[0]);
  return [w, 1 - w];
});
const { guBlocks, guScales, guBias, dBlocks, dScales, dBias } = randomExpertWeights(r, E, H, I);
const step = u32(T, 0, 0, 0);
const slotsTotal = T * K;
const parts = [[0, 3], [3, 2]] as const;
const experts = { hidden: H, intermediate: I, topK: K };

async function route() {
  const out = await runKernel(gpu.device, moeRouteSpec, { experts: E, topK: K }, {
    step, chosen: Uint32Array.from(chosen.flat()), offsets: { bytes: (E + 1) * 4 }, slots: { bytes: slotsTotal * 4 },
  }, moeRouteSpec.grid());
  return { offsets: new Uint32Array(out.offsets), slots: new Uint32Array(out.slots) };
}

it('moe-route: offsets count each expert\'s slots and every slot is listed once, under its own expert', async () => {
  expect(chosen.flat()).not.toContain(2);
  const { offsets, slots } = await route();
  const flat = chosen.flat();
  const counts = Array.from({ length: E }, (_, e) => flat.filter((c) => c === e).length);
  expect(Array.from(offsets)).toEqual([0, ...counts.map((_, e) => counts.slice(0, e + 1).reduce((a, b) => a + b, 0))]);
  expect([...slots].sort((a, b) => a - b)).toEqual(Array.from({ length: slotsTotal }, (_, i) => i));
  for (let e = 0; e < E; e++) for (const s of slots.subarray(offsets[e], offsets[e + 1])) expect(flat[s]).toBe(e);
});

it('grouped gate/up then grouped down + combine match the reference MoE, experts in two parts', async () => {
  const { offsets, slots } = await route();
  const perExpert = (bytesPerExpert: number, data: Uint8Array, first: number, count: number) => data.subarray(first * bytesPerExpert, (first + count) * bytesPerExpert);

  let act = new Float32Array(slotsTotal * I);
  for (const [first, count] of parts) {
    act = f32((await runKernel(gpu.device, moeGateUpGroupedSpec, { ...experts, limit: 7 }, {
      step, part: u32(first, count, 0, 0), x, offsets, slots,
      blocks: perExpert(2 * I * (H / 32) * 16, guBlocks, first, count), scales: perExpert(2 * I * (H / 32), guScales, first, count), bias: guBias, act,
    }, moeGateUpGroupedSpec.grid({ intermediate: I, experts: count, slots: slotsTotal }))).act);
  }
  expect(maxRelativeError(act, ref.moeGateUp(x, chosen, guBlocks, guScales, guBias, H, I, 7))).toBeLessThan(1e-5);

  let expertOut = new Float32Array(slotsTotal * H);
  for (const [first, count] of parts) {
    expertOut = f32((await runKernel(gpu.device, moeDownGroupedSpec, experts, {
      step, part: u32(first, count, 0, 0), act, offsets, slots,
      blocks: perExpert(H * (I / 32) * 16, dBlocks, first, count), scales: perExpert(H * (I / 32), dScales, first, count), bias: dBias, expertOut,
    }, moeDownGroupedSpec.grid({ hidden: H, experts: count, slots: slotsTotal }))).expertOut);
  }
  // Each slot on its own: the reference down projection with one expert per "token" and weight 1, from zero.
  const perSlot = ref.moeDown(new Float32Array(slotsTotal * H), act, chosen.flat().map((e) => [e]), chosen.flat().map(() => [1]), dBlocks, dScales, dBias, H, I);
  expect(maxRelativeError(expertOut, perSlot)).toBeLessThan(1e-5);

  const residual = r.uniform(T * H);
  const combined = await runKernel(gpu.device, moeCombineSpec, { hidden: H, experts: E, topK: K, pick: false }, {
    step, routerLogits: { bytes: T * E * 4 }, weights: Float32Array.from(weights.flat()), expertOut, x: residual,
  }, moeCombineSpec.grid({ hidden: H, tokens: T }));
  expect(maxRelativeError(f32(combined.x), ref.moeDown(residual, act, chosen, weights, dBlocks, dScales, dBias, H, I))).toBeLessThan(1e-5);
});
