// Which form of `sum_lanes` (a sum over runs of consecutive lanes) a kernel gets: subgroup shuffles where the
// device offers subgroups laid out as runs of consecutive invocations, else a workgroup-memory tree.
import type { Capabilities } from '../gpu/capabilities';
import subgroupWgsl from './lane-sums-subgroup.wgsl?raw';
import workgroupWgsl from './lane-sums-workgroup.wgsl?raw';

export const laneSumsFeatures = (caps: Capabilities): GPUFeatureName[] => (caps.subgroupLanes ? ['subgroups'] : []);

export const laneSumsWgsl = (caps: Capabilities): string[] =>
  caps.subgroupLanes ? [`const LANE_CHUNK = ${caps.subgroupLanes}u;`, subgroupWgsl] : [workgroupWgsl];
