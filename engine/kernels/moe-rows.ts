import type { Capabilities } from '../gpu/capabilities';
import { laneSumsWgsl } from './lane-sums';
import wgsl from './moe-rows.wgsl?raw';
import stagedWgsl from './moe-rows-staged.wgsl?raw';
import subgroupSums from './moe-sums-subgroup.wgsl?raw';
import workgroupSums from './moe-sums-workgroup.wgsl?raw';

/** Weight rows per group of 32 lanes in the per-token expert kernels: each kernel's WGSL `R` (checked by kernel-specs.test.ts). */
export const GATE_UP_ROWS = 4;
export const DOWN_ROWS = 4;
/** Groups of 32 lanes per workgroup (moe-rows.wgsl's GROUPS_PER_WG). */
export const GROUPS_PER_WORKGROUP = 4;
export const moeRowsWgsl = wgsl;
/** The products with the input row staged in workgroup memory (moe-gate-up, moe-down). */
export const moeRowsStagedWgsl = stagedWgsl;

/** The kernels' `share_sums`: subgroup shuffles where the device allows them (see lane-sums.ts), else workgroup memory. */
export const moeSumsWgsl = (caps: Capabilities): string[] => (caps.subgroupLanes ? [...laneSumsWgsl(caps), subgroupSums] : [workgroupSums]);
