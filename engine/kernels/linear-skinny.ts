import { defineKernel, grid2d } from '../gpu/kernel-spec';
import { LINEAR_BINDINGS, linearConstants, type LinearParams } from './linear-params';
import wgsl from './linear-skinny.wgsl?raw';

/** Weight rows per group of 32 lanes and token rows per tile (R × TT = 32: one output per lane). */
export const SKINNY_ROWS = 4;
export const SKINNY_TOKENS = 8;
/** Groups of 32 lanes per workgroup (GROUPS in the WGSL). */
const GROUPS = 2;

export interface SkinnyParams extends LinearParams {
  /** RMS-normalise the input on the fly with the `norm` weight and this epsilon. */
  normEps?: number;
}

/** y (+)= x·Wᵀ + b for passes of a few rows: R rows × a tile of TT tokens per 32 lanes, each weight read once per tile. */
export const linearSkinnySpec = defineKernel({
  name: 'linear-skinny',
  wgsl: [`const R = ${SKINNY_ROWS}u;\nconst TT = ${SKINNY_TOKENS}u;`, wgsl],
  bindings: [...LINEAR_BINDINGS, ['norm', 'read']] as const,
  workgroupSize: 32 * GROUPS,
  constants: (p: SkinnyParams) => ({ ...linearConstants(p), NORM: p.normEps !== undefined, EPS: p.normEps ?? 1e-5 }),
  // Token tiles × blocks of GROUPS · R rows, in one linear id (token tiles fastest; the WGSL decodes it).
  grid: (s: { rows: number; tokens: number }) => [...grid2d(Math.ceil(s.tokens / SKINNY_TOKENS) * Math.ceil(s.rows / (GROUPS * SKINNY_ROWS))), 1],
});
