// Sums over runs of `lanes` consecutive invocations (a power of two; runs aligned), through workgroup memory:
// a tree with a barrier per level. Every invocation of the workgroup (at most 128) calls it in uniform control
// flow and gets its run's total. lane-sums-subgroup.wgsl defines the same function with subgroup shuffles.
var<workgroup> lane_sums: array<vec4<f32>, 128>;

fn sum_lanes(v: vec4<f32>, lid: u32, lanes: u32) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  lane_sums[lid] = v;
  workgroupBarrier();
  for (var s = lanes / 2u; s > 0u; s >>= 1u) {
    if (lid % lanes < s) { lane_sums[lid] += lane_sums[lid + s]; }
    workgroupBarrier();
  }
  let total = lane_sums[lid - lid % lanes];
  workgroupBarrier();   // the next call may store again
  return total;
}
