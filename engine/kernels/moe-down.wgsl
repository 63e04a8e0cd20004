// Expert MLP, second half, for few tokens, fused with the routing sum and the residual:
// x[t, h] += Σ_k w_k · (W2[e_k]·act[t, k] + b2[e_k])[h], MXFP4 W2. Each group of 32 lanes computes R outputs
// of one token over all its experts (moe-rows.wgsl); dispatched once per expert part, each adding the experts
// it holds.
override HIDDEN: u32;        // outputs
override INTERMEDIATE: u32;  // inputs, multiple of 32
override TOP_K: u32;

// Outputs per group of lanes.
const R = 4u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<vec4<f32>>;       // [T, TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> chosen: array<u32>;          // [T, TOP_K]
@group(0) @binding(4) var<storage, read> weights: array<f32>;         // [T, TOP_K]
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> x: array<f32>;         // [T, HIDDEN] residual stream

fn holds(e: u32) -> bool { return e >= part.first && e < part.first + part.count; }

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let group = lid / LANES;
  let t = wg.y;
  let blocks_per_row = INTERMEDIATE / 32u;
  let h0 = (wg.x * GROUPS_PER_WG + group) * R;   // first output of this group
  var acc: array<f32, R>;
  for (var k = 0u; k < TOP_K; k++) {
    let slot = t * TOP_K + k;
    let e = chosen[slot];
    if (t < step.tokens && holds(e) && h0 < HIDDEN) {
      let row0 = (e - part.first) * HIDDEN + h0;
      let row_end = (e - part.first + 1u) * HIDDEN;
      for (var g = lane; g < blocks_per_row; g += LANES) {
        var xs: array<vec4<f32>, 8>;
        for (var i = 0u; i < 8u; i++) { xs[i] = act[(slot * INTERMEDIATE) / 4u + g * 8u + i]; }
        accumulate_rows(&acc, &xs, row0, row_end, blocks_per_row, g, weights[slot]);
      }
    }
  }
  reduce_groups(&acc, 0.0, lid);
  let h = h0 + lane;
  if (t < step.tokens && lane < R && h < HIDDEN) {
    var total = group_total(group, lane);
    var hit = false;
    for (var k = 0u; k < TOP_K; k++) {
      let slot = t * TOP_K + k;
      let e = chosen[slot];
      if (holds(e)) {
        let b = e * HIDDEN + h;
        total += weights[slot] * bf16_at(b, bias[b / 2u]);
        hit = true;
      }
    }
    if (hit) { x[t * HIDDEN + h] += total; }
  }
}
