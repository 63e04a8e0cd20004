// The per-token expert kernels' sums with subgroup shuffles (sum_lanes, lane-sums-subgroup.wgsl): fills
// moe-rows' `totals` with each group's sums of every acc[r] and of `extra`. With 32-lane subgroups no
// workgroup memory is touched until the one store of the totals (the workgroup-memory form takes three barriers).
const_assert R == 4u;   // the row sums travel as one vec4

// Every thread calls it in uniform control flow; it ends with a barrier.
fn share_sums(acc: ptr<function, array<f32, R>>, extra: f32, lid: u32) {
  let rows = sum_lanes(vec4<f32>((*acc)[0], (*acc)[1], (*acc)[2], (*acc)[3]), lid, LANES);
  let more = sum_lanes(vec4<f32>(extra, 0.0, 0.0, 0.0), lid, LANES).x;
  if (lid % LANES == 0u) {
    let base = (lid / LANES) * RED_STRIDE;
    for (var r = 0u; r < R; r++) { totals[base + r] = rows[r]; }
    totals[base + R] = more;
  }
  workgroupBarrier();
}
