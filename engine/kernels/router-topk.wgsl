// Router: top-k of the expert logits (ties → lower index), then softmax over the k selected. One thread per token.
override EXPERTS: u32;
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> logits: array<f32>;          // [T, EXPERTS]
@group(0) @binding(2) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] expert ids
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;   // [T, TOP_K]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= step.tokens) { return; }
  let base = t * EXPERTS;
  var prev_v = 3.4e38;
  var prev_i = 0xffffffffu;
  var first_v = 0.0;
  for (var k = 0u; k < TOP_K; k++) {
    // The best (value desc, index asc) strictly after the previous pick in that order.
    var best_v = -3.4e38;
    var best_i = 0xffffffffu;
    for (var e = 0u; e < EXPERTS; e++) {
      let v = logits[base + e];
      let after_prev = v < prev_v || (v == prev_v && (prev_i == 0xffffffffu || e > prev_i));
      if (after_prev && (best_i == 0xffffffffu || v > best_v)) {
        best_v = v;
        best_i = e;
      }
    }
    if (k == 0u) { first_v = best_v; }
    chosen[t * TOP_K + k] = best_i;
    weights[t * TOP_K + k] = exp(best_v - first_v); // first is the max: exponents ≤ 0
    prev_v = best_v;
    prev_i = best_i;
  }
  var total = 0.0;
  for (var k = 0u; k < TOP_K; k++) { total += weights[t * TOP_K + k]; }
  for (var k = 0u; k < TOP_K; k++) { weights[t * TOP_K + k] /= total; }
}
