// y[t, n] (+)= x[t, :] · W[n, :] + b[n] for many tokens (prompts, and lm_head for batched passes): a
// TM-token × TN-row output tile per workgroup, K consumed TK at a time through workgroup memory. Each thread owns
// 4 tokens × 4 rows (16 sums); both staged tiles are k-major, so one k step is two vec4 loads (the 4 tokens, a
// broadcast within the warp, and the 4 rows) for 16 multiply-adds. The next step's weights and inputs are loaded
// into registers while this one is multiplied. Token tiles vary fastest in the grid: the tiles of one block of
// weight rows run together and find its rows in the L2 cache (the inputs, a few MB, stay there anyway).
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

const TM = 32u;   // tokens per tile: 8 groups of 4
const TN = 128u;  // rows per tile: 32 groups of 4
const TK = 16u;   // inputs per step: one 8-value chunk of each row per thread (256 threads: TN · TK / 8)
const X_LOADERS = TM * TK / 4u;  // the threads that load a vec4 of the inputs each step (the first 128)

var<workgroup> xs: array<vec4<f32>, TK * TM / 4u>;  // [k][token / 4]
var<workgroup> ws: array<vec4<f32>, TK * TN / 4u>;  // [k][row / 4]

// This thread's share of step k0's tiles, loaded from memory (zeros past the ends).
struct StepLoads { w: vec4<u32>, x: vec4<f32> }

fn load_step(k0: u32, row0: u32, tok0: u32, lid: u32) -> StepLoads {
  var s = StepLoads(vec4<u32>(0u), vec4<f32>(0.0));
  // Weights: row lid / 2, inputs k0 + (lid % 2) · 8 … + 7 (K is a multiple of 8: a chunk is all in or all out).
  let r = row0 + lid / 2u;
  let kw = k0 + (lid % 2u) * 8u;
  if (r < part.count && kw < K) { s.w = w[(r * K + kw) / 8u]; }
  // Inputs (the first X_LOADERS threads): token lid / 4, inputs k0 + (lid % 4) · 4 … + 3.
  let t = tok0 + (lid % X_LOADERS) / 4u;
  let kx = k0 + (lid % 4u) * 4u;
  if (lid < X_LOADERS && t < step.tokens && kx < K) { s.x = x[(t * K + kx) / 4u]; }
  return s;
}

fn store_step(s: StepLoads, lid: u32) {
  let r = lid / 2u;
  let kw = (lid % 2u) * 8u;
  let v = array<f32, 8>(bf16_lo(s.w.x), bf16_hi(s.w.x), bf16_lo(s.w.y), bf16_hi(s.w.y), bf16_lo(s.w.z), bf16_hi(s.w.z), bf16_lo(s.w.w), bf16_hi(s.w.w));
  for (var i = 0u; i < 8u; i++) { ws[(kw + i) * (TN / 4u) + r / 4u][r % 4u] = v[i]; }
  if (lid < X_LOADERS) {
    let t = lid / 4u;
    let kx = (lid % 4u) * 4u;
    for (var i = 0u; i < 4u; i++) { xs[(kx + i) * (TM / 4u) + t / 4u][t % 4u] = s.x[i]; }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var t_begin = 0u;
  if (FROM_LOGITS_ROW) { t_begin = step.logits_from; }
  let tok0 = t_begin + wg.x * TM;
  let row0 = wg.y * TN;
  let tx = lid % 32u;  // rows tx · 4 … + 3
  let ty = lid / 32u;  // tokens ty · 4 … + 3 (one per warp: its loads of xs are broadcasts)
  var acc = array<vec4<f32>, 4>();  // [token j] rows tx · 4 … + 3

  var next = load_step(0u, row0, tok0, lid);
  for (var k0 = 0u; k0 < K; k0 += TK) {
    store_step(next, lid);
    workgroupBarrier();
    if (k0 + TK < K) { next = load_step(k0 + TK, row0, tok0, lid); }
    for (var kk = 0u; kk < TK; kk++) {
      let a = xs[kk * (TM / 4u) + ty];
      let b = ws[kk * (TN / 4u) + tx];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();  // the tiles are used up before the next step stores
  }

  for (var j = 0u; j < 4u; j++) {
    let t = tok0 + ty * 4u + j;
    if (t >= step.tokens) { break; }
    for (var i = 0u; i < 4u; i++) {
      let r = row0 + tx * 4u + i;
      if (r >= part.count) { break; }
      let n = part.first + r;
      var v = acc[j][i];
      if (HAS_BIAS) { v += bf16_at(n, bias[n / 2u]); }
      let out = (t - t_begin) * N + n;
      if (ACCUMULATE) { v += y[out]; }
      y[out] = v;
    }
  }
}
