// Sums over runs of `lanes` consecutive invocations (a power of two; runs aligned) with subgroup shuffles:
// no workgroup memory and no barrier while a run fits in LANE_CHUNK lanes, the device's smallest subgroup
// (a `const` that lane-sums.ts puts before this). Longer runs add their chunks' sums through workgroup memory.
// Every invocation of the workgroup (at most 128) calls it in uniform control flow and gets its run's total.
// Subgroups are runs of consecutive invocations on this device (probed: engine/gpu/subgroup-layout.ts).
var<workgroup> chunk_sums: array<vec4<f32>, 128u / LANE_CHUNK>;

fn sum_lanes(v: vec4<f32>, lid: u32, lanes: u32) -> vec4<f32> {
  var s = v;
  for (var o = min(lanes, LANE_CHUNK) / 2u; o > 0u; o >>= 1u) { s += subgroupShuffleXor(s, o); }
  if (lanes <= LANE_CHUNK) { return s; }
  if (lid % LANE_CHUNK == 0u) { chunk_sums[lid / LANE_CHUNK] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  let first = (lid - lid % lanes) / LANE_CHUNK;
  for (var c = 0u; c < lanes / LANE_CHUNK; c++) { total += chunk_sums[first + c]; }
  workgroupBarrier();   // the next call may store again
  return total;
}
