// y[t, n] (+)= x[t, :] · W[n, :] + b[n] for a few tokens (decode). W is bf16 [rows, K] (one part).
// LANES lanes share one row (32 for wide rows, 64 where that leaves too few workgroups, 128 for matrices of few rows;
// fewer when K is small; see matvecLanes), so a workgroup covers 128/LANES rows;
// each lane reads 8 bf16 per 16-byte load; a row's lanes add up with `sum_lanes` (subgroup shuffles, or
// workgroup memory on devices without subgroups). With one lane per row there is no reduction and no barrier
// at all, which matters where barriers are expensive (CPU WebGPU).
// Tokens are processed four at a time, so each weight load serves up to four tokens.
// With NORM the input is RMS-normalised on the fly (y = rsqrt(mean(x²) + ε) · (x ⊙ g)·W + b): the lanes of a
// row together cover all of K, so the sum of squares comes with the dot product and no norm pass is needed.
override K: u32;            // input features (multiple of 8)
override N: u32;            // output features of the whole matrix
override HAS_BIAS: bool;
override ACCUMULATE: bool;  // add into y (residual connections) instead of overwriting
override FROM_LOGITS_ROW: bool; // only tokens from step.logits_from (lm_head); output rows renumbered from 0
override LANES: u32 = 32u;  // power of two ≤ 128, see matvecLanes()
override NORM: bool = false;
override EPS: f32 = 1e-5;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;    // [T, K]
@group(0) @binding(3) var<storage, read> w: array<vec4<u32>>;    // [count, K] bf16, this part
@group(0) @binding(4) var<storage, read> bias: array<u32>;       // [N] bf16 (unused without HAS_BIAS)
@group(0) @binding(5) var<storage, read_write> y: array<f32>;    // [T, N]
@group(0) @binding(6) var<storage, read> norm: array<vec4<u32>>; // [K] bf16 RMSNorm weight (unused without NORM)

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let local_row = linear_workgroup(wg, groups) * (128u / LANES) + lid / LANES;
  let row_ok = local_row < part.count;
  let k8 = K / 8u;
  var t_begin = 0u;
  if (FROM_LOGITS_ROW) { t_begin = step.logits_from; }

  for (var t0 = t_begin; t0 < step.tokens; t0 += 4u) {
    var acc = vec4<f32>(0.0);
    var sq = vec4<f32>(0.0);
    if (row_ok) {
      let w_base = local_row * k8;
      for (var i = lane; i < k8; i += LANES) {
        let q = w[w_base + i];
        var w0 = widen_lo(q);
        var w1 = widen_hi(q);
        if (NORM) {
          let g = norm[i];
          w0 *= widen_lo(g);
          w1 *= widen_hi(g);
        }
        for (var j = 0u; j < 4u; j++) {
          let t = t0 + j;
          if (t < step.tokens) {
            let xb = t * (K / 4u) + 2u * i;
            let x0 = x[xb];
            let x1 = x[xb + 1u];
            acc[j] += dot(w0, x0) + dot(w1, x1);
            if (NORM) { sq[j] += dot(x0, x0) + dot(x1, x1); }
          }
        }
      }
    }
    let sums = sum_lanes(acc, lid, LANES);
    var sq_sums = vec4<f32>(0.0);
    if (NORM) { sq_sums = sum_lanes(sq, lid, LANES); }
    if (lane == 0u && row_ok) {
      let n = part.first + local_row;
      var b = 0.0;
      if (HAS_BIAS) { b = bf16_at(n, bias[n / 2u]); }
      for (var j = 0u; j < 4u; j++) {
        let t = t0 + j;
        if (t < step.tokens) {
          let out = (t - t_begin) * N + n;
          var v = sums[j];
          if (NORM) { v *= inverseSqrt(sq_sums[j] / f32(K) + EPS); }
          v += b;
          if (ACCUMULATE) { v += y[out]; }
          y[out] = v;
        }
      }
    }
  }
}
