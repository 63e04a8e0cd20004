// y[t, n] (+)= x[t, :] · W[n, :] + b[n] for many tokens (prefill): a 32-token × 64-row output tile per
// workgroup, K consumed 32 at a time through workgroup memory; each thread owns 2 tokens × 4 rows.
override K: u32;            // multiple of 8
override N: u32;
override HAS_BIAS: bool;
override ACCUMULATE: bool;
override FROM_LOGITS_ROW: bool;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;    // [T, K]
@group(0) @binding(3) var<storage, read> w: array<vec4<u32>>;    // [count, K] bf16, this part
@group(0) @binding(4) var<storage, read> bias: array<u32>;       // [N] bf16
@group(0) @binding(5) var<storage, read_write> y: array<f32>;    // [T, N]

const TM = 32u; // tokens per tile
const TN = 64u; // rows per tile
const TK = 32u;
var<workgroup> xs: array<array<f32, 33>, 32>;  // [TM][TK] (+1 pad against bank conflicts)
var<workgroup> ws: array<array<f32, 33>, 64>;  // [TN][TK]

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var t_begin = 0u;
  if (FROM_LOGITS_ROW) { t_begin = step.logits_from; }
  let row0 = wg.x * TN;
  let tok0 = t_begin + wg.y * TM;
  let tx = lid % 16u; // rows tx*4 .. tx*4+3
  let ty = lid / 16u; // tokens ty*2, ty*2+1
  var acc: array<vec4<f32>, 2>;

  for (var k0 = 0u; k0 < K; k0 += TK) {
    // x tile: 32 tokens × 32 k = 256 vec4 loads.
    {
      let tt = lid / 8u;
      let kq = (lid % 8u) * 4u;
      let t = tok0 + tt;
      var v = vec4<f32>(0.0);
      if (t < step.tokens && k0 + kq < K) { v = x[(t * K + k0 + kq) / 4u]; }
      xs[tt][kq] = v.x; xs[tt][kq + 1u] = v.y; xs[tt][kq + 2u] = v.z; xs[tt][kq + 3u] = v.w;
    }
    // w tile: 64 rows × 32 k = 256 loads of 8 bf16.
    {
      let rr = lid / 4u;
      let ko = (lid % 4u) * 8u;
      let r = row0 + rr;
      var q = vec4<u32>(0u);
      if (r < part.count && k0 + ko < K) { q = w[(r * K + k0 + ko) / 8u]; }
      ws[rr][ko] = bf16_lo(q.x); ws[rr][ko + 1u] = bf16_hi(q.x);
      ws[rr][ko + 2u] = bf16_lo(q.y); ws[rr][ko + 3u] = bf16_hi(q.y);
      ws[rr][ko + 4u] = bf16_lo(q.z); ws[rr][ko + 5u] = bf16_hi(q.z);
      ws[rr][ko + 6u] = bf16_lo(q.w); ws[rr][ko + 7u] = bf16_hi(q.w);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let a0 = xs[ty * 2u][kk];
      let a1 = xs[ty * 2u + 1u][kk];
      let b = vec4<f32>(ws[tx * 4u][kk], ws[tx * 4u + 1u][kk], ws[tx * 4u + 2u][kk], ws[tx * 4u + 3u][kk]);
      acc[0] += a0 * b;
      acc[1] += a1 * b;
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 2u; i++) {
    let t = tok0 + ty * 2u + i;
    if (t >= step.tokens) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let r = row0 + tx * 4u + j;
      if (r >= part.count) { continue; }
      let n = part.first + r;
      var v = acc[i][j];
      if (HAS_BIAS) { v += bf16_at(n, bias[n / 2u]); }
      let out = (t - t_begin) * N + n;
      if (ACCUMULATE) { v += y[out]; }
      y[out] = v;
    }
  }
}
