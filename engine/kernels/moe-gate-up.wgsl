// Expert MLP, first half: for each (token, chosen expert) u = W1[e]·x + b1[e] with MXFP4 W1, whose rows
// interleave gate (even) and up (odd); then act = min(g, L)·σ(1.702·min(g, L))·(clamp(u, -L, L) + 1).
// 32 lanes per output pair (two outputs per workgroup). Dispatched once per expert part.
override HIDDEN: u32;        // input features, multiple of 32
override INTERMEDIATE: u32;  // outputs per expert
override TOP_K: u32;
override LIMIT: f32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;         // [T, HIDDEN]
@group(0) @binding(3) var<storage, read> chosen: array<u32>;          // [T, TOP_K]
@group(0) @binding(4) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32] 16-byte blocks
@group(0) @binding(5) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(6) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(7) var<storage, read_write> act: array<f32>;       // [T, TOP_K, INTERMEDIATE]

var<workgroup> partial: array<vec2<f32>, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % 32u;
  let j = wg.x * 2u + lid / 32u;   // output index
  let slot = wg.y;                 // t * TOP_K + k
  let t = slot / TOP_K;
  let e = chosen[slot];
  let live = t < step.tokens && e >= part.first && e < part.first + part.count;
  let groups = HIDDEN / 32u;
  var acc = vec2<f32>(0.0);
  if (live && j < INTERMEDIATE) {
    let row_gate = ((e - part.first) * 2u * INTERMEDIATE + 2u * j) * groups;
    let row_up = row_gate + groups;
    for (var g = lane; g < groups; g += 32u) {
      var xs: array<vec4<f32>, 8>;
      for (var i = 0u; i < 8u; i++) { xs[i] = x[(t * HIDDEN) / 4u + g * 8u + i]; }
      let sg = e8m0(byte_at(row_gate + g, scales[(row_gate + g) / 4u]));
      let su = e8m0(byte_at(row_up + g, scales[(row_up + g) / 4u]));
      acc.x += block_dot(blocks[row_gate + g], &xs) * sg;
      acc.y += block_dot(blocks[row_up + g], &xs) * su;
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s >>= 1u) {
    if (lane < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  if (lane == 0u && live && j < INTERMEDIATE) {
    let b = e * 2u * INTERMEDIATE + 2u * j;
    let gate = min(partial[lid].x + bf16_at(b, bias[b / 2u]), LIMIT);
    let up = clamp(partial[lid].y + bf16_at(b + 1u, bias[(b + 1u) / 2u]), -LIMIT, LIMIT);
    act[slot * INTERMEDIATE + j] = gate / (1.0 + exp(-1.702 * gate)) * (up + 1.0);
  }
}
