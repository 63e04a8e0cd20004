// Every compute pipeline a gpt-oss model needs, specialised with load-time shapes (override constants).
// Built once per load; nothing here depends on the number of tokens or the position.
import common from '../kernels/common.wgsl?raw';
import mxfp4 from '../kernels/mxfp4.wgsl?raw';
import embed from '../kernels/embed.wgsl?raw';
import rmsnorm from '../kernels/rmsnorm.wgsl?raw';
import linearMatvec from '../kernels/linear-matvec.wgsl?raw';
import linearTiled from '../kernels/linear-tiled.wgsl?raw';
import ropeKv from '../kernels/rope-kv.wgsl?raw';
import attention from '../kernels/attention.wgsl?raw';
import routerTopk from '../kernels/router-topk.wgsl?raw';
import moeGateUp from '../kernels/moe-gate-up.wgsl?raw';
import moeDown from '../kernels/moe-down.wgsl?raw';
import argmax from '../kernels/argmax.wgsl?raw';
import moeRoute from '../kernels/moe-route.wgsl?raw';
import moeGateUpGrouped from '../kernels/moe-gate-up-grouped.wgsl?raw';
import moeDownGrouped from '../kernels/moe-down-grouped.wgsl?raw';
import moeCombine from '../kernels/moe-combine.wgsl?raw';
import { createKernel, createLayout, type Kernel } from '../gpu/kernel';
import type { GptOssConfig } from './config';
import attentionCombine from '../kernels/attention-combine.wgsl?raw';
import { attentionSplits, type RuntimeShape } from './memory-plan';

export interface Linear {
  /** Few tokens: matrix-vector. */
  matvec: Kernel;
  /** Rows one matrix-vector workgroup computes. */
  matvecRowsPerGroup: number;
  /** Many tokens: tiled matrix-matrix. */
  tiled: Kernel;
}

export interface ModelKernels {
  embed: Kernel;
  rmsnorm: Kernel;
  q: Linear;
  kv: Linear;
  o: Linear;
  router: Linear;
  lmHead: Linear;
  ropeKv: Kernel;
  attention: Kernel;
  /** Decode: attention over one key range per workgroup, then the combine step. */
  attentionSplit: Kernel;
  attentionCombine: Kernel;
  topk: Kernel;
  gateUp: Kernel;
  down: Kernel;
  argmax: Kernel;
  /** Many tokens: group slots by expert, then tiled expert kernels, then the weighted sum. */
  route: Kernel;
  gateUpGrouped: Kernel;
  downGrouped: Kernel;
  combine: Kernel;
}

export async function createModelKernels(device: GPUDevice, c: GptOssConfig, shape: RuntimeShape): Promise<ModelKernels> {
  const layouts = {
    embed: createLayout(device, 'embed', ['uniform', 'uniform', 'read', 'read', 'write']),
    rmsnorm: createLayout(device, 'rmsnorm', ['uniform', 'read', 'read', 'write']),
    linear: createLayout(device, 'linear', ['uniform', 'uniform', 'read', 'read', 'read', 'write']),
    ropeKv: createLayout(device, 'rope-kv', ['uniform', 'uniform', 'read', 'write', 'write', 'read', 'write', 'write']),
    attention: createLayout(device, 'attention', ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'write', 'write']),
    attentionCombine: createLayout(device, 'attention-combine', ['uniform', 'uniform', 'read', 'read', 'write']),
    topk: createLayout(device, 'router-topk', ['uniform', 'read', 'write', 'write']),
    gateUp: createLayout(device, 'moe-gate-up', ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'read', 'write']),
    down: createLayout(device, 'moe-down', ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'read', 'read', 'write']),
    argmax: createLayout(device, 'argmax', ['uniform', 'read', 'write']),
    route: createLayout(device, 'moe-route', ['uniform', 'read', 'write', 'write']),
    grouped: createLayout(device, 'moe-grouped', ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'read', 'read', 'write']),
    combine: createLayout(device, 'moe-combine', ['uniform', 'read', 'read', 'write']),
  };
  const src = (...parts: string[]) => [common, ...parts].join('\n');
  const linear = async (name: string, K: number, N: number, flags: { bias: boolean; accumulate: boolean; logitsRows: boolean }): Promise<Linear> => {
    const constants = { K, N, HAS_BIAS: flags.bias, ACCUMULATE: flags.accumulate, FROM_LOGITS_ROW: flags.logitsRows };
    const lanes = matvecLanes(K);
    return {
      matvec: await createKernel(device, `${name}-matvec`, src(linearMatvec), layouts.linear, { ...constants, LANES: lanes }),
      matvecRowsPerGroup: 128 / lanes,
      tiled: await createKernel(device, `${name}-tiled`, src(linearTiled), layouts.linear, constants),
    };
  };
  const H = c.hiddenSize;
  const heads = { HEADS_Q: c.numHeads, HEADS_KV: c.numKvHeads, HEAD_DIM: c.headDim };
  const experts = { HIDDEN: H, INTERMEDIATE: c.intermediateSize, TOP_K: c.expertsPerToken };
  return {
    embed: await createKernel(device, 'embed', src(embed), layouts.embed, { HIDDEN: H }),
    rmsnorm: await createKernel(device, 'rmsnorm', src(rmsnorm), layouts.rmsnorm, { HIDDEN: H, EPS: c.rmsNormEps }),
    q: await linear('q-proj', H, c.numHeads * c.headDim, { bias: true, accumulate: false, logitsRows: false }),
    kv: await linear('kv-proj', H, c.numKvHeads * c.headDim, { bias: true, accumulate: false, logitsRows: false }),
    o: await linear('o-proj', c.numHeads * c.headDim, H, { bias: true, accumulate: true, logitsRows: false }),
    router: await linear('router', H, c.numExperts, { bias: true, accumulate: false, logitsRows: false }),
    lmHead: await linear('lm-head', H, c.vocabSize, { bias: false, accumulate: false, logitsRows: true }),
    ropeKv: await createKernel(device, 'rope-kv', src(ropeKv), layouts.ropeKv, heads),
    attention: await createKernel(device, 'attention', src(attention), layouts.attention, heads),
    attentionSplit: await createKernel(device, 'attention-split', src(attention), layouts.attention, {
      ...heads,
      SPLIT_KEYS: shape.attentionSplitKeys,
      MAX_SPLITS: attentionSplits(shape),
    }),
    attentionCombine: await createKernel(device, 'attention-combine', src(attentionCombine), layouts.attentionCombine, {
      HEADS_Q: c.numHeads,
      HEAD_DIM: c.headDim,
      SPLIT_KEYS: shape.attentionSplitKeys,
      MAX_SPLITS: attentionSplits(shape),
    }),
    topk: await createKernel(device, 'router-topk', src(routerTopk), layouts.topk, { EXPERTS: c.numExperts, TOP_K: c.expertsPerToken }),
    gateUp: await createKernel(device, 'moe-gate-up', src(mxfp4, moeGateUp), layouts.gateUp, { ...experts, LIMIT: c.swigluLimit }),
    down: await createKernel(device, 'moe-down', src(mxfp4, moeDown), layouts.down, experts),
    argmax: await createKernel(device, 'argmax', src(argmax), layouts.argmax, { VOCAB: c.vocabSize }),
    route: await createKernel(device, 'moe-route', src(moeRoute), layouts.route, { EXPERTS: c.numExperts, TOP_K: c.expertsPerToken }),
    gateUpGrouped: await createKernel(device, 'moe-gate-up-grouped', src(mxfp4, moeGateUpGrouped), layouts.grouped, { ...experts, LIMIT: c.swigluLimit }),
    downGrouped: await createKernel(device, 'moe-down-grouped', src(mxfp4, moeDownGrouped), layouts.grouped, experts),
    combine: await createKernel(device, 'moe-combine', src(moeCombine), layouts.combine, { HIDDEN: H, TOP_K: c.expertsPerToken }),
  };
}

/** Lanes per row in the matrix-vector kernel: 32 for real models; fewer for narrow rows (at least 4 loads each). */
export function matvecLanes(K: number): number {
  let lanes = 32;
  while (lanes > 1 && K / 8 / lanes < 4) lanes /= 2;
  return lanes;
}
