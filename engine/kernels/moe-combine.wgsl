// x[t, h] += Σ_k w[t, k] · expert_out[t·K + k, h]: the routing-weighted sum of the grouped expert outputs.
override HIDDEN: u32;
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> weights: array<f32>;      // [T, TOP_K]
@group(0) @binding(2) var<storage, read> expert_out: array<f32>;   // [T * TOP_K, HIDDEN]
@group(0) @binding(3) var<storage, read_write> x: array<f32>;      // [T, HIDDEN]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let h = gid.x;
  let t = gid.y;
  if (h >= HIDDEN || t >= step.tokens) { return; }
  var sum = 0.0;
  for (var k = 0u; k < TOP_K; k++) { sum += weights[t * TOP_K + k] * expert_out[(t * TOP_K + k) * HIDDEN + h]; }
  x[t * HIDDEN + h] += sum;
}
