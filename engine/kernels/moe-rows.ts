import wgsl from './moe-rows.wgsl?raw';

/** Weight rows per group of 32 lanes in the per-token expert kernels: each kernel's WGSL `R` (checked by kernel-specs.test.ts). */
export const GATE_UP_ROWS = 4;
export const DOWN_ROWS = 4;
/** Groups of 32 lanes per workgroup (moe-rows.wgsl's GROUPS_PER_WG). */
export const GROUPS_PER_WORKGROUP = 4;
export const moeRowsWgsl = wgsl;
