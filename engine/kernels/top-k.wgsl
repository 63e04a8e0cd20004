// Top-k of one token's router logits (ties → lower index), then the softmax over the k selected, into the
// including kernel's `logits` (read), `chosen` and `weights` (written) bindings. Serial over the experts: a
// token's 32 logits need no more than one thread.
fn token_top_k(t: u32) {
  let base = t * EXPERTS;
  var prev_v = 3.4e38;
  var prev_i = 0xffffffffu;
  var first_v = 0.0;
  var total = 0.0;
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
    let w = exp(best_v - first_v);  // the first is the max: exponents ≤ 0
    weights[t * TOP_K + k] = w;
    total += w;
    prev_v = best_v;
    prev_i = best_i;
  }
  for (var k = 0u; k < TOP_K; k++) { weights[t * TOP_K + k] /= total; }
}
