import { defineKernel, grid2d } from '../gpu/kernel-spec';
import { LINEAR_BINDINGS, linearConstants, type LinearParams } from './linear-params';
import { laneSumsFeatures, laneSumsWgsl } from './lane-sums';
import wgsl from './linear-matvec.wgsl?raw';

const WORKGROUP = 128;

/** Matrices with fewer rows than this get a whole workgroup per row (the router: 32 rows). */
const FEW_ROWS = 256;

/**
 * Lanes per row: 32 for real models, the whole workgroup for matrices of few rows (with 32 lanes the router's
 * 32 rows were 8 workgroups, each lane loading 11 times in turn: 17 µs per layer on an H200); fewer for
 * narrow rows (at least 4 loads each), down to 1 (no reduction).
 */
export function matvecLanes(K: number, rows: number): number {
  let lanes = rows < FEW_ROWS ? WORKGROUP : 32;
  while (lanes > 1 && K / 8 / lanes < 4) lanes /= 2;
  return lanes;
}

export interface MatvecParams extends LinearParams {
  lanes: number;
  /** RMS-normalise the input on the fly with the `norm` weight and this epsilon (decode: no separate norm pass). */
  normEps?: number;
}

/** y (+)= x·Wᵀ + b for a few tokens (decode): LANES lanes per weight row, 128 / LANES rows per workgroup. */
export const linearMatvecSpec = defineKernel({
  name: 'linear-matvec',
  wgsl: [wgsl],
  capabilityWgsl: laneSumsWgsl,
  features: laneSumsFeatures,
  bindings: [...LINEAR_BINDINGS, ['norm', 'read']] as const,
  workgroupSize: WORKGROUP,
  constants: (p: MatvecParams) => ({ ...linearConstants(p), LANES: p.lanes, NORM: p.normEps !== undefined, EPS: p.normEps ?? 1e-5 }),
  grid: (s: { rows: number; lanes: number }) => [...grid2d(Math.ceil(s.rows / (WORKGROUP / s.lanes))), 1],
});
