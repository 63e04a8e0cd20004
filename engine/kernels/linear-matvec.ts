import { defineKernel, grid2d } from '../gpu/kernel-spec';
import { LINEAR_BINDINGS, linearConstants, type LinearParams } from './linear-params';
import { laneSumsFeatures, laneSumsWgsl } from './lane-sums';
import wgsl from './linear-matvec.wgsl?raw';

const WORKGROUP = 128;

/** Matrices with fewer rows than this get a whole workgroup per row (the router: 32 rows). */
const FEW_ROWS = 256;

/** Workgroups a dispatch should have to fill a large GPU (an H200 has 132 compute units). */
const FILL_WORKGROUPS = 1024;

/**
 * Lanes per row: 32 for real models, the whole workgroup for matrices of few rows (the router's 32 rows: a
 * workgroup each); 64 where 32 would leave too few workgroups (the o projection: 2,880 rows of 4,096, 720
 * workgroups); fewer for narrow rows (at least 2 loads each), down to 1 (no reduction). Measured on the H200
 * (24 weight copies rotating, one token): o 14.4 µs per dispatch at 32 lanes, 10.9 at 64, 13.8 at 128; q/k/v
 * (5,120 rows) 14.7 at 32, 16.6 at 64; the router 4.4 at 128 (2.8 loads per lane), 5.5 at 64.
 */
export function matvecLanes(K: number, rows: number): number {
  let lanes = rows < FEW_ROWS ? WORKGROUP : 32;
  while (lanes < WORKGROUP && (rows * lanes) / WORKGROUP < FILL_WORKGROUPS && K / 8 / (2 * lanes) >= 4) lanes *= 2;
  while (lanes > 1 && K / 8 / lanes < 2) lanes /= 2;
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
