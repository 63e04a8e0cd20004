// Expert MLP, first half, for few tokens: per (token, chosen expert e), with h = RMSNorm(x) folded in,
// u = W1[e]·h + b1[e] with MXFP4 W1, whose rows interleave gate (even) and up (odd); then
// act = min(g, L)·σ(1.702·min(g, L))·(clamp(u, -L, L) + 1). The workgroup first stores x·norm_weight in
// workgroup memory (the RMS scale is applied to the sums at the end: the sum of squares comes with the load),
// then each group of 32 lanes computes R / 2 outputs ROW_STEPS times (moe-rows.wgsl); dispatched once per expert part. The
// slot's expert comes from router-topk, or with PICK_EXPERTS (the engine's per-token passes) the workgroup picks it
// from the router logits itself (route-pick.wgsl) and writes it for moe-down, so no top-k dispatch runs.
override HIDDEN: u32;        // input features, multiple of 32
override INTERMEDIATE: u32;  // outputs per expert
override EXPERTS: u32;
override TOP_K: u32;
override PICK_EXPERTS: bool;
override LIMIT: f32;
override EPS: f32;
override ROW_STEPS: u32;  // rounds of rows per workgroup, each GROUPS_PER_WG · R / 2 outputs (the staging is shared)

// Weight rows per group of lanes: R / 2 outputs (gate and up rows interleave).
const R = 4u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;         // [T, HIDDEN] residual stream
@group(0) @binding(3) var<storage, read> norm: array<u32>;            // [HIDDEN] bf16 RMSNorm weight
@group(0) @binding(4) var<storage, read> router_logits: array<f32>;   // [T, EXPERTS] (read with PICK_EXPERTS)
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32] 16-byte blocks
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(8) var<storage, read_write> act: array<f32>;       // [T, TOP_K, INTERMEDIATE]
@group(0) @binding(9) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] each slot's expert (written with PICK_EXPERTS)

var<workgroup> staged: array<vec4<f32>, HIDDEN / 4u>;   // x · norm weight (unscaled)

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let group = lid / LANES;
  // Slots vary fastest: a block of rows is read by all the pass's slots at about the same time, so slots that
  // chose the same expert find its rows in the L2 cache instead of reading them from memory again.
  let slot = wg.x;   // t * TOP_K + k
  let row_block = wg.y;
  let t = slot / TOP_K;
  if (t >= step.tokens) { return; }  // uniform per workgroup
  var e: u32;
  if (PICK_EXPERTS) {
    pick_experts(t, lid, WG_SIZE);
    e = picked[slot % TOP_K];
    if (row_block == 0u && lid == 0u) { chosen[slot] = e; }  // every part's dispatch writes the same
  } else {
    e = chosen[slot];
  }
  let live = e >= part.first && e < part.first + part.count;
  let blocks_per_row = HIDDEN / 32u;
  let row_end = (e - part.first + 1u) * 2u * INTERMEDIATE;
  // The first weight loads go out before the input is staged, so their latency overlaps it.
  var j0 = first_output(row_block, 0u, group);
  var next: RowBlocks;
  if (live && j0 < INTERMEDIATE) { next = load_rows(row_of(e, j0), row_end, blocks_per_row, min(lane, blocks_per_row - 1u)); }
  init_fp4(lid);
  var sq = 0.0;
  if (live) {
    for (var i = lid; i < HIDDEN / 4u; i += WG_SIZE) {
      let a = x[t * (HIDDEN / 4u) + i];
      sq += dot(a, a);
      let w0 = norm[2u * i];
      let w1 = norm[2u * i + 1u];
      staged[staged_index(i)] = a * vec4<f32>(bf16_lo(w0), bf16_hi(w0), bf16_lo(w1), bf16_hi(w1));
    }
  }
  workgroupBarrier();
  for (var round = 0u; round < ROW_STEPS; round++) {
    let row0 = row_of(e, j0);
    var acc = array<f32, R>();  // explicitly zeroed each round (see docs/engine.md)
    if (live && j0 < INTERMEDIATE) { acc = multiply_staged(next, row0, row_end, blocks_per_row, lane); }
    // The next round's first loads go out before this round's sums.
    let j1 = first_output(row_block, round + 1u, group);
    if (live && round + 1u < ROW_STEPS && j1 < INTERMEDIATE) { next = load_rows(row_of(e, j1), row_end, blocks_per_row, min(lane, blocks_per_row - 1u)); }
    share_sums(&acc, sq, lid);
    let j = j0 + lane;
    if (live && lane < R / 2u && j < INTERMEDIATE) {
      let scale = inverseSqrt(workgroup_total(R) / f32(HIDDEN) + EPS);
      let b = e * 2u * INTERMEDIATE + 2u * j;
      let gate = scale * group_total(group, 2u * lane) + bf16_at(b, bias[b / 2u]);
      let up = scale * group_total(group, 2u * lane + 1u) + bf16_at(b + 1u, bias[(b + 1u) / 2u]);
      act[slot * INTERMEDIATE + j] = clamped_swiglu(gate, up, LIMIT);
    }
    workgroupBarrier();  // the totals are read before the next round writes them
    j0 = j1;
  }
}

// The first output of a group's round: rounds of one workgroup are consecutive runs of GROUPS_PER_WG · R / 2.
fn first_output(row_block: u32, round: u32, group: u32) -> u32 { return ((row_block * ROW_STEPS + round) * GROUPS_PER_WG + group) * (R / 2u); }
// Expert e's gate row of output j (its up row follows), within this part.
fn row_of(e: u32, j: u32) -> u32 { return (e - part.first) * 2u * INTERMEDIATE + 2u * j; }
