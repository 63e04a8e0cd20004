import { defineKernel } from '../gpu/kernel-spec';
import { LINEAR_BINDINGS, linearConstants } from './linear-params';
import wgsl from './linear-tiled.wgsl?raw';

/** Tile of the tiled kernel: 64 weight rows × 32 tokens per workgroup (TN, TM in the WGSL). */
const TILE_ROWS = 64;
const TILE_TOKENS = 32;

/** y (+)= x·Wᵀ + b for many tokens (prefill): 32×64 output tiles, K in steps of 32. */
export const linearTiledSpec = defineKernel({
  name: 'linear-tiled',
  wgsl: [wgsl],
  bindings: LINEAR_BINDINGS,
  workgroupSize: 256,
  constants: linearConstants,
  grid: (s: { rows: number; tokens: number }) => [Math.ceil(s.rows / TILE_ROWS), Math.ceil(s.tokens / TILE_TOKENS), 1],
});
