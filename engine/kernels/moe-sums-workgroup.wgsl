// The per-token expert kernels' sums through workgroup memory (devices without subgroups): fills moe-rows'
// `totals` with each group's sums of every acc[r] and of `extra`.
var<workgroup> red: array<f32, WG_SIZE * RED_STRIDE>;

// Sums of every (group, value) over the group's 32 lanes: in two parallel steps (8 partials of 4 lanes, then
// the 8 partials), not by one lane reading all 32 (128 for the norm's workgroup-wide sum): measured on an H200,
// gate/up took 1.18 ms per token with the serial sums, 1.06 with these.
const SUMS = GROUPS_PER_WG * RED_STRIDE;
const PARTS = 8u;
const LANES_PER_PART = LANES / PARTS;
var<workgroup> partial: array<f32, SUMS * PARTS>;

// Stores acc (and `extra`) and sums them per group. Every thread calls it; it ends with a barrier.
fn share_sums(acc: ptr<function, array<f32, R>>, extra: f32, lid: u32) {
  for (var r = 0u; r < R; r++) { red[lid * RED_STRIDE + r] = (*acc)[r]; }
  red[lid * RED_STRIDE + R] = extra;
  workgroupBarrier();
  for (var s = lid; s < SUMS * PARTS; s += WG_SIZE) {
    let sum = s / PARTS;
    let first = (sum / RED_STRIDE) * LANES + (s % PARTS) * LANES_PER_PART;
    var v = 0.0;
    for (var l = 0u; l < LANES_PER_PART; l++) { v += red[(first + l) * RED_STRIDE + sum % RED_STRIDE]; }
    partial[s] = v;
  }
  workgroupBarrier();
  if (lid < SUMS) {
    var v = 0.0;
    for (var p = 0u; p < PARTS; p++) { v += partial[lid * PARTS + p]; }
    totals[lid] = v;
  }
  workgroupBarrier();
}

