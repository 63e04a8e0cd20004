// Expert down projection, bias and the routing-weighted sum in one dispatch, for per-token passes whose experts
// sit in one weight part: x[t, h] += Σ_k w[t, k] · (W2[e_k]·act[t, k] + b2[e_k])[h]. Group k of the workgroup
// (k < TOP_K ≤ GROUPS_PER_WG) computes R rows of slot (t, k) (moe-rows.wgsl's lane layout), reading its
// activations straight from memory (each lane's 32-value blocks are one contiguous 128-byte run); the totals of
// all groups meet in workgroup memory and R threads add the weighted sum to the residual. moe-down +
// moe-combine do the same in two dispatches (and keep each slot's output in memory): the one dispatch less per
// layer is what this is for. The weights are the softmax over the picked experts' logits in rank order, as
// route-pick.wgsl and router-topk.wgsl work them out, so the sums are the same either way.
override HIDDEN: u32;        // outputs
override INTERMEDIATE: u32;  // inputs, multiple of 32
override EXPERTS: u32;
override TOP_K: u32;         // ≤ GROUPS_PER_WG
override ROW_STEPS: u32;     // rounds of R rows per workgroup

// Outputs per group of lanes.
const R = 4u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> router_logits: array<f32>;  // [T, EXPERTS]
@group(0) @binding(2) var<storage, read> chosen: array<u32>;         // [T, TOP_K] experts in rank order
@group(0) @binding(3) var<storage, read> act: array<vec4<f32>>;      // [T, TOP_K, INTERMEDIATE]
@group(0) @binding(4) var<storage, read> blocks: array<vec4<u32>>;   // [E, HIDDEN, I/32]
@group(0) @binding(5) var<storage, read> scales: array<u32>;         // [E, HIDDEN, I/32] bytes
@group(0) @binding(6) var<storage, read> bias: array<u32>;           // [E, HIDDEN] bf16
@group(0) @binding(7) var<storage, read_write> x: array<f32>;        // [T, HIDDEN] residual stream

// A block column's R weight blocks and the slot's 32 activations there, loaded one column ahead of their use.
struct Column { rows: RowBlocks, input: array<vec4<f32>, 8> }

fn load_column(row0: u32, row_end: u32, blocks_per_row: u32, g: u32, input_row: u32) -> Column {
  var c: Column;
  c.rows = load_rows(row0, row_end, blocks_per_row, g);
  for (var i = 0u; i < 8u; i++) { c.input[i] = act[input_row + g * 8u + i]; }
  return c;
}

// acc[r] += block r · the column's inputs, in accumulate_rows's order (moe-rows-staged.wgsl: the same sums).
fn accumulate_column(acc: ptr<function, array<f32, R>>, c: ptr<function, Column>, row0: u32, row_end: u32) {
  var d = array<f32, R>();
  for (var w = 0u; w < 4u; w++) {
    let a = (*c).input[2u * w];
    let b = (*c).input[2u * w + 1u];
    for (var r = 0u; r < R; r++) {
      let v = fp4_pairs((*c).rows.block[r][w]);
      let s = v[0] * vec2<f32>(a.x, b.x) + v[1] * vec2<f32>(a.y, b.y) + v[2] * vec2<f32>(a.z, b.z) + v[3] * vec2<f32>(a.w, b.w);
      d[r] += s.x;
      d[r] += s.y;
    }
  }
  for (var r = 0u; r < R; r++) {
    (*acc)[r] += select(0.0, d[r] * fp4_scale((*c).rows.scale[r]), row0 + r < row_end);
  }
}

// Rank k's routing weight of token t: softmax over the TOP_K picked logits, summed in rank order.
fn routing_weight(t: u32, k: u32) -> f32 {
  let top = router_logits[t * EXPERTS + chosen[t * TOP_K]];
  var total = 0.0;
  var mine = 0.0;
  for (var i = 0u; i < TOP_K; i++) {
    let w = exp(router_logits[t * EXPERTS + chosen[t * TOP_K + i]] - top);
    total += w;
    if (i == k) { mine = w; }
  }
  return mine / total;
}

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let group = lid / LANES;
  let t = wg.x;  // tokens vary fastest: tokens that chose the same expert read its rows together (L2)
  if (t >= step.tokens) { return; }  // uniform per workgroup
  let live = group < TOP_K;
  let slot = t * TOP_K + min(group, TOP_K - 1u);
  let e = chosen[slot];
  let blocks_per_row = INTERMEDIATE / 32u;
  let row_base = e * HIDDEN;
  let row_end = row_base + HIDDEN;
  let input_row = slot * (INTERMEDIATE / 4u);
  let first_g = min(lane, blocks_per_row - 1u);
  var h0 = wg.y * ROW_STEPS * R;
  var next: Column;
  if (live && h0 < HIDDEN) { next = load_column(row_base + h0, row_end, blocks_per_row, first_g, input_row); }
  init_fp4(lid);
  workgroupBarrier();  // the table form's values
  for (var round = 0u; round < ROW_STEPS; round++) {
    let rows_live = live && h0 < HIDDEN;
    var acc = array<f32, R>();  // explicitly zeroed each round (see docs/engine.md)
    if (rows_live) {
      for (var g = lane; g < blocks_per_row; g += LANES) {
        var cur = next;
        next = load_column(row_base + h0, row_end, blocks_per_row, min(g + LANES, blocks_per_row - 1u), input_row);
        accumulate_column(&acc, &cur, row_base + h0, row_end);
      }
    }
    let h1 = h0 + R;
    if (live && round + 1u < ROW_STEPS && h1 < HIDDEN) { next = load_column(row_base + h1, row_end, blocks_per_row, first_g, input_row); }
    share_sums(&acc, 0.0, lid);
    let h = h0 + lid;
    if (lid < R && h < HIDDEN) {
      var sum = 0.0;
      for (var k = 0u; k < TOP_K; k++) {
        let b = chosen[t * TOP_K + k] * HIDDEN + h;
        sum += routing_weight(t, k) * (group_total(k, lid) + bf16_at(b, bias[b / 2u]));
      }
      x[t * HIDDEN + h] += sum;
    }
    workgroupBarrier();  // the totals are read before the next round writes them
    h0 = h1;
  }
}
