// The grouped MoE path kernel by kernel, against the CPU reference: moe-route groups the slots by expert, the
// grouped gate/up and down kernels read each expert's MXFP4 weights once per tile of its slots (16-slot tiles
// for prompts, 4-slot for batched decode), and moe-combine adds the routing-weighted sum to the residual. 40
// slots (several 4-slot tiles per expert, partly filled 16-slot ones), experts in two parts. The 4-slot tiles also
// with their inputs split into parts (partial sums, added up by moe-swiglu-parts and moe-combine).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { BASELINE } from '../gpu/capabilities';
import type { AcquiredDevice } from '../gpu/device';
import * as ref from '../reference/ops';
import { maxRelativeError, randomExpertWeights, rng, runKernel, u32 } from '../../testing/run-kernel';
import { moeCombineSpec } from './moe-combine';
import { moeDownGrouped4Spec, moeDownGroupedSpec } from './moe-down-grouped';
import { moeGateUpGrouped4Spec, moeGateUpGroupedSpec } from './moe-gate-up-grouped';
import { expertTileBound } from '../model/memory-plan';
import { moeRouteSpec } from './moe-route';
import { moeSwigluPartsSpec } from './moe-swiglu-parts';

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());
const f32 = (b: ArrayBuffer) => new Float32Array(b);

const H = 544; // 17 blocks: several input chunks per tile, the last one partial
const I = 544;
const E = 5;
const K = 2;
const T = 20;
const r = rng(11);
const x = r.uniform(T * H);
// Two distinct experts per token; expert 2 gets no slot at all (an empty list must be skipped).
const chosen = Array.from({ length: T }, (_, t) => [[0, 1, 3, 4][t % 4], [4, 3, 1, 0][(t + 1 + (t % 3 === 0 ? 1 : 0)) % 4]]).map(([a, b]) => (a === b ? [a, (b + 1) % 2] : [a, b]));
// Router logits whose top two are `chosen`, in that order (the rest below).
const logits = new Float32Array(T * E);
chosen.forEach(([a, b], t) => {
  const u = r.uniform(E + 2);
  for (let e = 0; e < E; e++) logits[t * E + e] = -1 + 0.5 * u[e];
  logits[t * E + a] = 2 + 0.5 * u[E];
  logits[t * E + b] = 0.5 + 0.4 * u[E + 1];
});
const routing = ref.routerTopK(logits, T, E, K);
const weights = routing.weights;
const { guBlocks, guScales, guBias, dBlocks, dScales, dBias } = randomExpertWeights(r, E, H, I);
const step = u32(T, 0, 0, 0);
const slotsTotal = T * K;
const parts = [[0, 3], [3, 2]] as const;
const experts = { hidden: H, intermediate: I, topK: K };
const grouped = { ...experts, experts: E };
/** Experts first … first + count - 1 of a per-expert weight array (one weight part). */
const perExpert = (bytesPerExpert: number, data: Uint8Array, first: number, count: number) => data.subarray(first * bytesPerExpert, (first + count) * bytesPerExpert);

/** moe-route's tile list holds at most this many tiles (the grouped kernels' grid x): more than the pass makes. */
const tileBound = (tileSlots: number) => expertTileBound(T, tileSlots, E, K);

async function route(tileSlots: number) {
  const out = await runKernel(gpu.device, moeRouteSpec, { experts: E, topK: K, tileSlots }, {
    step, logits, chosen: { bytes: slotsTotal * 4 }, weights: { bytes: slotsTotal * 4 }, offsets: { bytes: (E + 2 + 2 * tileBound(tileSlots)) * 4 }, slots: { bytes: slotsTotal * 4 },
  }, moeRouteSpec.grid());
  return { chosen: new Uint32Array(out.chosen), weights: f32(out.weights), offsets: new Uint32Array(out.offsets), slots: new Uint32Array(out.slots) };
}

it.each([4, 16])('moe-route: each token\'s top-k and weights; offsets count each expert\'s slots, every slot is listed once, under its own expert, and so is each tile of %i of an expert\'s slots', async (tileSlots) => {
  expect(chosen.flat()).not.toContain(2);
  const out = await route(tileSlots);
  expect(routing.experts).toEqual(chosen);
  expect(Array.from(out.chosen)).toEqual(chosen.flat());
  expect(maxRelativeError(out.weights, weights.flat())).toBeLessThan(1e-6);
  const { offsets, slots } = out;
  const flat = chosen.flat();
  const counts = Array.from({ length: E }, (_, e) => flat.filter((c) => c === e).length);
  expect(Array.from(offsets.subarray(0, E + 1))).toEqual([0, ...counts.map((_, e) => counts.slice(0, e + 1).reduce((a, b) => a + b, 0))]);
  // The tiles: each expert's, in order, as (first slot's place in the list, (its slots << 16) | expert); fewer
  // than the grid's bound.
  const tiles = counts.flatMap((n, e) => Array.from({ length: Math.ceil(n / tileSlots) }, (_, j) => [offsets[e] + j * tileSlots, (Math.min(tileSlots, n - j * tileSlots) << 16) | e]));
  expect(tiles.length).toBeLessThan(tileBound(tileSlots));
  expect(offsets[E + 1]).toBe(tiles.length);
  expect(Array.from(offsets.subarray(E + 2, E + 2 + 2 * tiles.length))).toEqual(tiles.flat());
  // The 4-slot tiles below hold 1, 2, 3 and 4 slots (each part-filled size runs in the kernel tests).
  if (tileSlots === 4) expect(new Set(tiles.map(([, word]) => word >> 16))).toEqual(new Set([1, 2, 3, 4]));
  expect([...slots].sort((a, b) => a - b)).toEqual(Array.from({ length: slotsTotal }, (_, i) => i));
  for (let e = 0; e < E; e++) for (const s of slots.subarray(offsets[e], offsets[e + 1])) expect(flat[s]).toBe(e);
});

// Both FP4 decodings (mxfp4.ts): the table, and f16 subnormals (which SwiftShader keeps).
it.each([
  [16, 'table', moeGateUpGroupedSpec, moeDownGroupedSpec],
  [16, 'half', moeGateUpGroupedSpec, moeDownGroupedSpec],
  [4, 'table', moeGateUpGrouped4Spec, moeDownGrouped4Spec],
  [4, 'half', moeGateUpGrouped4Spec, moeDownGrouped4Spec],
] as const)('grouped gate/up then grouped down + combine match the reference MoE, experts in two parts (%i-slot tiles, %s FP4 decoding)', async (tileSlots, fp4, gateUpSpec, downSpec) => {
  const caps = { ...BASELINE, f16Subnormals: fp4 === 'half' };
  const { offsets, slots } = await route(tileSlots);

  let act = new Float32Array(slotsTotal * I);
  for (const [first, count] of parts) {
    act = f32((await runKernel(gpu.device, gateUpSpec, { ...grouped, limit: 7 }, {
      step, part: u32(first, count, 0, 0), x, offsets, slots,
      blocks: perExpert(2 * I * (H / 32) * 16, guBlocks, first, count), scales: perExpert(2 * I * (H / 32), guScales, first, count), bias: guBias, act,
    }, gateUpSpec.grid({ intermediate: I, tiles: tileBound(tileSlots) }), caps)).act);
  }
  expect(maxRelativeError(act, ref.moeGateUp(x, chosen, guBlocks, guScales, guBias, H, I, 7))).toBeLessThan(1e-5);

  let expertOut = new Float32Array(slotsTotal * H);
  for (const [first, count] of parts) {
    expertOut = f32((await runKernel(gpu.device, downSpec, grouped, {
      step, part: u32(first, count, 0, 0), act, offsets, slots,
      blocks: perExpert(H * (I / 32) * 16, dBlocks, first, count), scales: perExpert(H * (I / 32), dScales, first, count), bias: dBias, expertOut,
    }, downSpec.grid({ hidden: H, tiles: tileBound(tileSlots) }), caps)).expertOut);
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

// Split tiles: K parts of 17 blocks (2: 9 + 8; 4: 5 + 5 + 5 + 2), each workgroup writing partial sums; the
// experts' two weight parts write the same partial buffers (each its own slots).
it.each([
  [2, 'half'], [4, 'half'], [2, 'table'], [4, 'table'],
] as const)('4-slot tiles with the inputs in %i parts: the partial sums, added up by moe-swiglu-parts and moe-combine, match the reference MoE (%s FP4 decoding)', async (kParts, fp4) => {
  const caps = { ...BASELINE, f16Subnormals: fp4 === 'half' };
  const { offsets, slots } = await route(4);

  let gateUpParts = new Float32Array(kParts * slotsTotal * 2 * I);
  for (const [first, count] of parts) {
    gateUpParts = f32((await runKernel(gpu.device, moeGateUpGrouped4Spec, { ...grouped, limit: 7, kParts }, {
      step, part: u32(first, count, 0, 0), x, offsets, slots,
      blocks: perExpert(2 * I * (H / 32) * 16, guBlocks, first, count), scales: perExpert(2 * I * (H / 32), guScales, first, count), bias: guBias, act: gateUpParts,
    }, moeGateUpGrouped4Spec.grid({ intermediate: I, tiles: tileBound(4), kParts }), caps)).act);
  }
  const act = f32((await runKernel(gpu.device, moeSwigluPartsSpec, { intermediate: I, topK: K, parts: kParts, limit: 7 }, {
    step, parts: gateUpParts, chosen: Uint32Array.from(chosen.flat()), bias: guBias, act: { bytes: slotsTotal * I * 4 },
  }, moeSwigluPartsSpec.grid({ intermediate: I, slots: slotsTotal }))).act);
  expect(maxRelativeError(act, ref.moeGateUp(x, chosen, guBlocks, guScales, guBias, H, I, 7))).toBeLessThan(1e-5);

  let expertOut = new Float32Array(kParts * slotsTotal * H);
  for (const [first, count] of parts) {
    expertOut = f32((await runKernel(gpu.device, moeDownGrouped4Spec, { ...grouped, kParts }, {
      step, part: u32(first, count, 0, 0), act, offsets, slots,
      blocks: perExpert(H * (I / 32) * 16, dBlocks, first, count), scales: perExpert(H * (I / 32), dScales, first, count), bias: dBias, expertOut,
    }, moeDownGrouped4Spec.grid({ hidden: H, tiles: tileBound(4), kParts }), caps)).expertOut);
  }
  // Every part holds a share: none is all zeros, and with the bias in part 0 they add up to each slot's output.
  for (let p = 0; p < kParts; p++) expect(expertOut.subarray(p * slotsTotal * H, (p + 1) * slotsTotal * H).some((v) => v !== 0)).toBe(true);
  const summed = Float32Array.from({ length: slotsTotal * H }, (_, i) => Array.from({ length: kParts }, (_, p) => expertOut[p * slotsTotal * H + i]).reduce((a, b) => a + b, 0));
  const perSlot = ref.moeDown(new Float32Array(slotsTotal * H), act, chosen.flat().map((e) => [e]), chosen.flat().map(() => [1]), dBlocks, dScales, dBias, H, I);
  expect(maxRelativeError(summed, perSlot)).toBeLessThan(1e-5);

  const residual = r.uniform(T * H);
  const combined = await runKernel(gpu.device, moeCombineSpec, { hidden: H, experts: E, topK: K, pick: false, parts: kParts }, {
    step, routerLogits: { bytes: T * E * 4 }, weights: Float32Array.from(weights.flat()), expertOut, x: residual,
  }, moeCombineSpec.grid({ hidden: H, tokens: T }));
  expect(maxRelativeError(f32(combined.x), ref.moeDown(residual, act, chosen, weights, dBlocks, dScales, dBias, H, I))).toBeLessThan(1e-5);
});
