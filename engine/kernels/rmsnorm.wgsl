// RMSNorm per token: y = x * rsqrt(mean(x^2) + eps) * w, statistics in f32. One workgroup per token.
override HIDDEN: u32;
override EPS: f32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> x: array<f32>;          // [T, HIDDEN]
@group(0) @binding(2) var<storage, read> weight: array<u32>;     // [HIDDEN] bf16
@group(0) @binding(3) var<storage, read_write> y: array<f32>;    // [T, HIDDEN]

var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wg.x;
  let base = t * HIDDEN;
  var sum = 0.0;
  for (var i = lid; i < HIDDEN; i += 256u) {
    let v = x[base + i];
    sum += v * v;
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let scale = inverseSqrt(partial[0] / f32(HIDDEN) + EPS);
  for (var i = lid; i < HIDDEN; i += 256u) {
    y[base + i] = x[base + i] * scale * bf16_at(i, weight[i / 2u]);
  }
}
