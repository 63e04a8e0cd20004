// The whole router for a few tokens (decode) in one workgroup per token: RMSNorm of the residual row (the
// rmsnorm.wgsl arithmetic, also written out for the expert kernels), expert logits h·Wr + br, top-k (ties → lower index, by rank: every expert counts
// the experts ahead of it, in parallel) and the softmax over the k selected. Replaces three small dispatches
// whose cost was almost all latency.
override HIDDEN: u32;        // multiple of 8
override EXPERTS: u32;       // ≤ 256
override TOP_K: u32;
override EPS: f32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;         // [T, HIDDEN] residual stream
@group(0) @binding(2) var<storage, read> norm: array<vec4<u32>>;      // [HIDDEN] bf16 RMSNorm weight
@group(0) @binding(3) var<storage, read> w: array<vec4<u32>>;         // [EXPERTS, HIDDEN] bf16
@group(0) @binding(4) var<storage, read> bias: array<u32>;            // [EXPERTS] bf16
@group(0) @binding(5) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] expert ids
@group(0) @binding(6) var<storage, read_write> weights: array<f32>;   // [T, TOP_K]
@group(0) @binding(7) var<storage, read_write> y: array<vec4<f32>>;   // [T, HIDDEN] the normalised row

var<workgroup> h: array<vec4<f32>, HIDDEN / 4u>;
var<workgroup> partial: array<f32, 256>;
var<workgroup> logits: array<f32, EXPERTS>;
var<workgroup> picked_v: array<f32, TOP_K>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wg.x;
  if (t >= step.tokens) { return; }
  let h4 = HIDDEN / 4u;
  var sq = 0.0;
  for (var i = lid; i < h4; i += 256u) {
    let v = x[t * h4 + i];
    sq += dot(v, v);
  }
  partial[lid] = sq;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let scale = inverseSqrt(partial[0] / f32(HIDDEN) + EPS);
  workgroupBarrier();
  for (var i = lid; i < h4; i += 256u) {
    let gw = norm[i / 2u];
    var g = vec4<f32>(bf16_lo(gw.x), bf16_hi(gw.x), bf16_lo(gw.y), bf16_hi(gw.y));
    if ((i & 1u) == 1u) { g = vec4<f32>(bf16_lo(gw.z), bf16_hi(gw.z), bf16_lo(gw.w), bf16_hi(gw.w)); }
    let v = x[t * h4 + i] * scale * g;
    h[i] = v;
    y[t * h4 + i] = v;
  }
  workgroupBarrier();

  // 8 rows at a time, 32 lanes each.
  let lane = lid % 32u;
  let k8 = HIDDEN / 8u;
  for (var r0 = 0u; r0 < EXPERTS; r0 += 8u) {
    let row = r0 + lid / 32u;
    var acc = 0.0;
    if (row < EXPERTS) {
      for (var i = lane; i < k8; i += 32u) {
        let q = w[row * k8 + i];
        acc += dot(vec4<f32>(bf16_lo(q.x), bf16_hi(q.x), bf16_lo(q.y), bf16_hi(q.y)), h[2u * i])
             + dot(vec4<f32>(bf16_lo(q.z), bf16_hi(q.z), bf16_lo(q.w), bf16_hi(q.w)), h[2u * i + 1u]);
      }
    }
    partial[lid] = acc;
    workgroupBarrier();
    if (lane == 0u && row < EXPERTS) {
      var sum = 0.0;
      for (var l = 0u; l < 32u; l++) { sum += partial[lid + l]; }
      logits[row] = sum + bf16_at(row, bias[row / 2u]);
    }
    workgroupBarrier();
  }

  // Rank of each expert: how many come before it in (value desc, index asc) order.
  if (lid < EXPERTS) {
    let v = logits[lid];
    var rank = 0u;
    for (var e = 0u; e < EXPERTS; e++) {
      let o = logits[e];
      if (o > v || (o == v && e < lid)) { rank++; }
    }
    if (rank < TOP_K) {
      chosen[t * TOP_K + rank] = lid;
      picked_v[rank] = v;
    }
  }
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0.0;
    for (var k = 0u; k < TOP_K; k++) { total += exp(picked_v[k] - picked_v[0]); }
    for (var k = 0u; k < TOP_K; k++) { weights[t * TOP_K + k] = exp(picked_v[k] - picked_v[0]) / total; }
  }
}
