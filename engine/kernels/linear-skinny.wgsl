// y[t, n] (+)= x[t, :] · W[n, :] + b[n] for passes of a few rows (batched decode, short prompts). W is bf16
// [rows, K] (one part). Each group of 32 lanes takes R weight rows and a tile of TT token rows (R × TT = 32, `const`s
// put before this source by linear-skinny.ts): lane l reads the 8-value chunks l, l + 32, … of the R rows
// (16-byte loads, each weight read once per token tile, the lanes of a group side by side in memory) and of the TT
// inputs, keeping R × TT sums. The sums then pass through workgroup memory transposed, so each lane adds up one
// (row, token) output over the group's 32 lanes: no reduction tree, one barrier. The matrix-vector kernel reads
// each weight once per four tokens and the tiled one has few workgroups for matrices of few rows; this one has
// rows / 8 × tiles workgroups and reads the weights once per 8 tokens.
// With NORM the input is RMS-normalised on the fly, as in linear-matvec.wgsl (the group's lanes cover all of K).
override K: u32;            // input features (multiple of 8)
override N: u32;            // output features of the whole matrix
override HAS_BIAS: bool;
override ACCUMULATE: bool;  // add into y (residual connections) instead of overwriting
override FROM_LOGITS_ROW: bool; // only tokens from step.logits_from (lm_head); output rows renumbered from 0
override NORM: bool = false;
override EPS: f32 = 1e-5;

const LANES = 32u;
const GROUPS = 2u;             // groups of 32 lanes per workgroup
const SUMS = R * TT;           // = LANES: one output per lane after the transpose
const STRIDE = SUMS + TT + 1u; // a lane's sums, its sums of squares (NORM), one word against bank conflicts

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;    // [T, K]
@group(0) @binding(3) var<storage, read> w: array<vec4<u32>>;    // [count, K] bf16, this part
@group(0) @binding(4) var<storage, read> bias: array<u32>;       // [N] bf16 (unused without HAS_BIAS)
@group(0) @binding(5) var<storage, read_write> y: array<f32>;    // [T, N]
@group(0) @binding(6) var<storage, read> norm: array<vec4<u32>>; // [K] bf16 RMSNorm weight (unused without NORM)

var<workgroup> partial: array<f32, GROUPS * LANES * STRIDE>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let lane = lid % LANES;
  let group = lid / LANES;
  var t_begin = 0u;
  if (FROM_LOGITS_ROW) { t_begin = step.logits_from; }
  // Token tiles vary fastest, so the tiles of one block of rows run together and share its weights in the cache.
  let tiles = (step.tokens - t_begin + TT - 1u) / TT;
  let id = linear_workgroup(wg, groups);
  let t0 = t_begin + (id % tiles) * TT;
  let row0 = ((id / tiles) * GROUPS + group) * R;
  let k8 = K / 8u;
  // Rows and tokens past the end read the last ones (their sums are dropped), so the loads have no branches.
  let last_row = part.count - 1u;
  let last_t = step.tokens - 1u;

  var acc: array<f32, SUMS>;  // [r * TT + j]
  var sq: array<f32, TT>;
  for (var i = 0u; i < SUMS; i++) { acc[i] = 0.0; }
  for (var j = 0u; j < TT; j++) { sq[j] = 0.0; }
  for (var c = lane; c < k8; c += LANES) {
    var w0: array<vec4<f32>, R>;
    var w1: array<vec4<f32>, R>;
    for (var r = 0u; r < R; r++) {
      let q = w[min(row0 + r, last_row) * k8 + c];
      w0[r] = widen_lo(q);
      w1[r] = widen_hi(q);
    }
    if (NORM) {
      let g = norm[c];
      for (var r = 0u; r < R; r++) {
        w0[r] *= widen_lo(g);
        w1[r] *= widen_hi(g);
      }
    }
    for (var j = 0u; j < TT; j++) {
      let xb = min(t0 + j, last_t) * (K / 4u) + 2u * c;
      let x0 = x[xb];
      let x1 = x[xb + 1u];
      if (NORM) { sq[j] += dot(x0, x0) + dot(x1, x1); }
      for (var r = 0u; r < R; r++) { acc[r * TT + j] += dot(w0[r], x0) + dot(w1[r], x1); }
    }
  }

  let mine = (group * LANES + lane) * STRIDE;
  for (var i = 0u; i < SUMS; i++) { partial[mine + i] = acc[i]; }
  if (NORM) { for (var j = 0u; j < TT; j++) { partial[mine + SUMS + j] = sq[j]; } }
  workgroupBarrier();
  let r = lane / TT;
  let j = lane % TT;
  var total = 0.0;
  var sq_total = 0.0;
  for (var l = 0u; l < LANES; l++) {
    let theirs = (group * LANES + l) * STRIDE;
    total += partial[theirs + lane];
    if (NORM) { sq_total += partial[theirs + SUMS + j]; }
  }
  let row = row0 + r;
  let t = t0 + j;
  if (row < part.count && t < step.tokens) {
    let n = part.first + row;
    var v = total;
    if (NORM) { v *= inverseSqrt(sq_total / f32(K) + EPS); }
    if (HAS_BIAS) { v += bf16_at(n, bias[n / 2u]); }
    let out = (t - t_begin) * N + n;
    if (ACCUMULATE) { v += y[out]; }
    y[out] = v;
  }
}
