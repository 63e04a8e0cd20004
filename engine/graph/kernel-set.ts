// Every compute kernel a gpt-oss model needs, compiled from its spec with load-time shapes (override constants)
// and the device's capabilities. Built once per load; nothing here depends on the token count or position.
import type { Capabilities } from '../gpu/capabilities';
import { createKernel, type Kernel } from '../gpu/kernel-spec';
import { argmaxSpec } from '../kernels/argmax';
import { attentionRowsSpec } from '../kernels/attention-rows';
import { attentionQueriesSpec, fitsQueryBlocks } from '../kernels/attention-queries';
import { attentionDecodeSpec } from '../kernels/attention-decode';
import { attentionDecodeRopeSpec } from '../kernels/attention-decode-rope';
import { attentionCombineSpec } from '../kernels/attention-combine';
import { embedSpec } from '../kernels/embed';
import { linearMatvecSpec, matvecLanes } from '../kernels/linear-matvec';
import type { LinearParams } from '../kernels/linear-params';
import { linearSkinnySpec } from '../kernels/linear-skinny';
import { linearTiledSpec } from '../kernels/linear-tiled';
import { moeCombineSpec } from '../kernels/moe-combine';
import { moeDownSpec } from '../kernels/moe-down';
import { moeDownCombineSpec } from '../kernels/moe-down-combine';
import { moeDownGrouped4Spec, moeDownGroupedSpec } from '../kernels/moe-down-grouped';
import { moeGateUpSpec } from '../kernels/moe-gate-up';
import { moeGateUpGrouped4Spec, moeGateUpGroupedSpec } from '../kernels/moe-gate-up-grouped';
import { moeRouteSpec } from '../kernels/moe-route';
import { DECODE_TILE_SLOTS, PROMPT_TILE_SLOTS } from '../kernels/moe-tiles';
import { moeSwigluPartsSpec } from '../kernels/moe-swiglu-parts';
import { rmsnormSpec } from '../kernels/rmsnorm';
import { ropeKvSpec } from '../kernels/rope-kv';
import { routerTopkSpec } from '../kernels/router-topk';
import type { GptOssConfig } from '../model/config';
import { attentionSplits, type RuntimeShape } from '../model/memory-plan';
import { EXPERT_ROW_STEPS } from './expert-row-steps';
import { TILE_K_PARTS } from './tile-k-parts';

const roundsLabel = (name: string, rowSteps: number) => (rowSteps === 1 ? name : `${name}-rounds-${rowSteps}`);

/** One kernel per EXPERT_ROW_STEPS entry, keyed by it. */
async function perRowSteps<K>(make: (rowSteps: number) => Promise<K>): Promise<Map<number, K>> {
  return new Map(await Promise.all(EXPERT_ROW_STEPS.map(async (n) => [n, await make(n)] as const)));
}

const partsLabel = (name: string, kParts: number) => (kParts === 1 ? name : `${name}-parts-${kParts}`);

/** One kernel per TILE_K_PARTS entry (those above 1 with `split`), keyed by it. */
async function perKParts<K>(make: (kParts: number) => Promise<K>, split = false): Promise<Map<number, K>> {
  const forms = TILE_K_PARTS.filter((n) => !split || n > 1);
  return new Map(await Promise.all(forms.map(async (n) => [n, await make(n)] as const)));
}

/** One linear layer: matrix-vector for a few tokens, skinny for a few more, tiled matrix-matrix for many (same bindings). */
export interface Linear {
  params: LinearParams;
  matvec: Kernel<typeof linearMatvecSpec>;
  skinny: Kernel<typeof linearSkinnySpec>;
  tiled: Kernel<typeof linearTiledSpec>;
}

export type ModelKernels = Awaited<ReturnType<typeof createModelKernels>>;

export async function createModelKernels(device: GPUDevice, c: GptOssConfig, shape: RuntimeShape, caps: Capabilities) {
  // `normEps`: the matrix-vector and skinny forms RMS-normalise their input themselves (see linear-matvec.wgsl).
  const linear = async (name: string, params: LinearParams, normEps?: number): Promise<Linear> => ({
    params,
    matvec: await createKernel(device, linearMatvecSpec, { ...params, lanes: matvecLanes(params.K, params.N), normEps }, caps, `${name}-matvec`),
    skinny: await createKernel(device, linearSkinnySpec, { ...params, normEps }, caps, `${name}-skinny`),
    tiled: await createKernel(device, linearTiledSpec, params, caps, `${name}-tiled`),
  });
  const H = c.hiddenSize;
  const heads = { headsQ: c.numHeads, headsKv: c.numKvHeads, headDim: c.headDim };
  const split = { splitKeys: shape.attentionSplitKeys, maxSplits: attentionSplits(shape) };
  const experts = { hidden: H, intermediate: c.intermediateSize, topK: c.expertsPerToken };
  const allExperts = { ...experts, experts: c.numExperts };
  const routing = { experts: c.numExperts, topK: c.expertsPerToken };
  return {
    embed: await createKernel(device, embedSpec, { hidden: H }, caps),
    rmsnorm: await createKernel(device, rmsnormSpec, { hidden: H, eps: c.rmsNormEps }, caps),
    qkv: await linear('qkv-proj', { K: H, N: (c.numHeads + 2 * c.numKvHeads) * c.headDim, bias: true, accumulate: false, logitsRows: false }, c.rmsNormEps),
    o: await linear('o-proj', { K: c.numHeads * c.headDim, N: H, bias: true, accumulate: true, logitsRows: false }),
    router: await linear('router', { K: H, N: c.numExperts, bias: true, accumulate: false, logitsRows: false }, c.rmsNormEps),
    lmHead: await linear('lm-head', { K: H, N: c.vocabSize, bias: false, accumulate: false, logitsRows: true }),
    ropeKv: await createKernel(device, ropeKvSpec, heads, caps),
    attentionRows: await createKernel(device, attentionRowsSpec, heads, caps),
    // The other prompt kernel (KernelChoices.promptAttention), where the head shape fits its registers.
    attentionQueries: fitsQueryBlocks(heads) ? await createKernel(device, attentionQueriesSpec, heads, caps) : undefined,
    attentionDecode: await createKernel(device, attentionDecodeSpec, { ...heads, ...split }, caps),
    attentionDecodeRope: await createKernel(device, attentionDecodeRopeSpec, { ...heads, ...split }, caps),
    attentionCombine: await createKernel(device, attentionCombineSpec, { headsQ: c.numHeads, headDim: c.headDim, ...split }, caps),
    topk: await createKernel(device, routerTopkSpec, routing, caps),
    // Per (token, expert): one form per number of rounds of rows a workgroup makes (EXPERT_ROW_STEPS).
    gateUp: await perRowSteps((rowSteps) => createKernel(device, moeGateUpSpec, { ...allExperts, limit: c.swigluLimit, eps: c.rmsNormEps, pick: false, rowSteps }, caps, roundsLabel('moe-gate-up', rowSteps))),
    gateUpPicking: await perRowSteps((rowSteps) => createKernel(device, moeGateUpSpec, { ...allExperts, limit: c.swigluLimit, eps: c.rmsNormEps, pick: true, rowSteps }, caps, roundsLabel('moe-gate-up-picking', rowSteps))),
    down: await perRowSteps((rowSteps) => createKernel(device, moeDownSpec, { ...experts, rowSteps }, caps, roundsLabel('moe-down', rowSteps))),
    downCombine: await perRowSteps((rowSteps) => createKernel(device, moeDownCombineSpec, { ...allExperts, rowSteps }, caps, roundsLabel('moe-down-combine', rowSteps))),
    argmax: await createKernel(device, argmaxSpec, { vocab: c.vocabSize }, caps),
    // Routing for each tile size: the list of tiles the grouped kernels run.
    route: await createKernel(device, moeRouteSpec, { ...routing, tileSlots: DECODE_TILE_SLOTS }, caps, `moe-route-${DECODE_TILE_SLOTS}`),
    routeWide: await createKernel(device, moeRouteSpec, { ...routing, tileSlots: PROMPT_TILE_SLOTS }, caps, `moe-route-${PROMPT_TILE_SLOTS}`),
    gateUpGrouped: await createKernel(device, moeGateUpGroupedSpec, { ...allExperts, limit: c.swigluLimit }, caps),
    downGrouped: await createKernel(device, moeDownGroupedSpec, allExperts, caps),
    // 4-slot tiles: one form per number of parts their inputs are split into (TILE_K_PARTS), the partial sums
    // added by moe-swiglu-parts (gate/up) and moe-combine (down).
    gateUpGrouped4: await perKParts((kParts) => createKernel(device, moeGateUpGrouped4Spec, { ...allExperts, limit: c.swigluLimit, kParts }, caps, partsLabel('moe-gate-up-grouped-4', kParts))),
    swigluParts: await perKParts((parts) => createKernel(device, moeSwigluPartsSpec, { intermediate: c.intermediateSize, topK: c.expertsPerToken, parts, limit: c.swigluLimit }, caps, partsLabel('moe-swiglu', parts)), true),
    downGrouped4: await perKParts((kParts) => createKernel(device, moeDownGrouped4Spec, { ...allExperts, kParts }, caps, partsLabel('moe-down-grouped-4', kParts))),
    combine: await perKParts((parts) => createKernel(device, moeCombineSpec, { hidden: H, experts: c.numExperts, topK: c.expertsPerToken, pick: false, parts }, caps, partsLabel('moe-combine', parts))),
    combinePicking: await createKernel(device, moeCombineSpec, { hidden: H, experts: c.numExperts, topK: c.expertsPerToken, pick: true }, caps, 'moe-combine-picking'),
  };
}

/** Device features the compiled kernels use (for the device report: "used", not merely offered). */
export function featuresUsed(kernels: ModelKernels): GPUFeatureName[] {
  const all = (Object.values(kernels) as (Kernel | Linear | Map<number, Kernel>)[]).flatMap((k) =>
    k instanceof Map ? [...k.values()] : 'pipeline' in k ? [k] : [k.matvec as Kernel, k.skinny as Kernel, k.tiled as Kernel]);
  return [...new Set(all.flatMap((k) => k.features))].sort();
}
