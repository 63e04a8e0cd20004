// Expert MLP, second half, for few tokens: per (token, chosen expert e), out = W2[e]·act + b2[e] with MXFP4 W2,
// into expert_out (moe-combine then adds the routing-weighted sum to the residual). The workgroup stages the
// slot's activation row in workgroup memory; each group of 32 lanes computes R outputs ROW_STEPS times (moe-rows.wgsl).
// Dispatched once per expert part: each writes the slots whose expert it holds.
override HIDDEN: u32;        // outputs
override INTERMEDIATE: u32;  // inputs, multiple of 32
override TOP_K: u32;
override ROW_STEPS: u32;  // rounds of rows per workgroup, each GROUPS_PER_WG · R outputs (the staging is shared)

// Outputs per group of lanes.
const R = 4u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<vec4<f32>>;       // [T, TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> chosen: array<u32>;          // [T, TOP_K]
@group(0) @binding(4) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(5) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(6) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(7) var<storage, read_write> expert_out: array<f32>; // [T * TOP_K, HIDDEN]

var<workgroup> staged: array<vec4<f32>, INTERMEDIATE / 4u>;

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let group = lid / LANES;
  let slot = wg.x;   // t * TOP_K + k; slots vary fastest, as in moe-gate-up.wgsl (shared experts' rows in L2)
  let row_block = wg.y;
  let e = chosen[slot];
  let live = slot / TOP_K < step.tokens && e >= part.first && e < part.first + part.count;
  let blocks_per_row = INTERMEDIATE / 32u;
  let row_end = (e - part.first + 1u) * HIDDEN;
  let row_base = (e - part.first) * HIDDEN;
  // The first weight loads go out before the input is staged, so their latency overlaps it.
  var h0 = first_output(row_block, 0u, group);
  var next: RowBlocks;
  if (live && h0 < HIDDEN) { next = load_rows(row_base + h0, row_end, blocks_per_row, min(lane, blocks_per_row - 1u)); }
  init_fp4(lid);
  if (live) {
    for (var i = lid; i < INTERMEDIATE / 4u; i += WG_SIZE) { staged[staged_index(i)] = act[slot * (INTERMEDIATE / 4u) + i]; }
  }
  workgroupBarrier();
  for (var round = 0u; round < ROW_STEPS; round++) {
    let rows_live = live && h0 < HIDDEN;
    var acc = array<f32, R>();  // explicitly zeroed each round (see docs/engine.md)
    if (rows_live) { acc = multiply_staged(next, row_base + h0, row_end, blocks_per_row, lane); }
    // The next round's first loads go out before this round's sums.
    let h1 = first_output(row_block, round + 1u, group);
    if (live && round + 1u < ROW_STEPS && h1 < HIDDEN) { next = load_rows(row_base + h1, row_end, blocks_per_row, min(lane, blocks_per_row - 1u)); }
    share_sums(&acc, 0.0, lid);
    let h = h0 + lane;
    if (rows_live && lane < R && h < HIDDEN) {
      let b = e * HIDDEN + h;
      expert_out[slot * HIDDEN + h] = group_total(group, lane) + bf16_at(b, bias[b / 2u]);
    }
    workgroupBarrier();  // the totals are read before the next round writes them
    h0 = h1;
  }
}

// The first output of a group's round: rounds of one workgroup are consecutive runs of GROUPS_PER_WG · R.
fn first_output(row_block: u32, round: u32, group: u32) -> u32 { return ((row_block * ROW_STEPS + round) * GROUPS_PER_WG + group) * R; }
