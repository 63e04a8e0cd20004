// Expert MLP, second half, fused with the routing sum and the residual:
// x[t, h] += Σ_k w_k · (W2[e_k]·act[t, k] + b2[e_k])[h], MXFP4 W2. 32 lanes per output row, two rows per
// workgroup. Dispatched once per expert part; each part adds the experts it holds.
override HIDDEN: u32;        // outputs
override INTERMEDIATE: u32;  // inputs, multiple of 32
override TOP_K: u32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<vec4<f32>>;       // [T, TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> chosen: array<u32>;          // [T, TOP_K]
@group(0) @binding(4) var<storage, read> weights: array<f32>;         // [T, TOP_K]
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> x: array<f32>;         // [T, HIDDEN] residual stream

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let lane = lid % 32u;
  let h = wg.x * 2u + lid / 32u;
  let t = wg.y;
  let groups = INTERMEDIATE / 32u;
  var total = 0.0;   // meaningful in lane 0
  var hit = false;
  for (var k = 0u; k < TOP_K; k++) {
    let slot = t * TOP_K + k;
    let e = chosen[slot];
    let live = e >= part.first && e < part.first + part.count && h < HIDDEN;
    var acc = 0.0;
    if (live) {
      let row = ((e - part.first) * HIDDEN + h) * groups;
      for (var g = lane; g < groups; g += 32u) {
        var xs: array<vec4<f32>, 8>;
        for (var i = 0u; i < 8u; i++) { xs[i] = act[(slot * INTERMEDIATE) / 4u + g * 8u + i]; }
        acc += block_dot(blocks[row + g], &xs) * e8m0(byte_at(row + g, scales[(row + g) / 4u]));
      }
    }
    partial[lid] = acc;
    workgroupBarrier();
    for (var s = 16u; s > 0u; s >>= 1u) {
      if (lane < s) { partial[lid] += partial[lid + s]; }
      workgroupBarrier();
    }
    if (lane == 0u && live) {
      let b = e * HIDDEN + h;
      total += weights[slot] * (partial[lid] + bf16_at(b, bias[b / 2u]));
      hit = true;
    }
    workgroupBarrier();
  }
  if (lane == 0u && hit && h < HIDDEN) { x[t * HIDDEN + h] += total; }
}
