// The TOP_K experts of one token from its router logits (value descending, ties → lower index, as
// router-topk.wgsl) and their softmax weights, worked out by the whole workgroup in workgroup memory. The
// per-token gate/up kernel (which writes the picks for moe-down) and moe-combine each pick for themselves, so
// decode needs no top-k dispatch (on an H200 that one-thread dispatch took ~14 µs per layer).
// The including kernel declares EXPERTS, TOP_K and the `router_logits` binding ([T, EXPERTS]).
var<workgroup> pick_logits: array<f32, EXPERTS>;
var<workgroup> picked: array<u32, TOP_K>;       // expert of rank k
var<workgroup> picked_exp: array<f32, TOP_K>;   // exp(logit − max) of rank k

// Every thread of the workgroup calls it with the same t (it has barriers); `threads` is the workgroup size.
fn pick_experts(t: u32, lid: u32, threads: u32) {
  for (var e = lid; e < EXPERTS; e += threads) { pick_logits[e] = router_logits[t * EXPERTS + e]; }
  workgroupBarrier();
  for (var e = lid; e < EXPERTS; e += threads) {
    let v = pick_logits[e];
    var rank = 0u;
    var top = v;
    for (var o = 0u; o < EXPERTS; o++) {
      let u = pick_logits[o];
      rank += select(0u, 1u, u > v || (u == v && o < e));
      top = max(top, u);
    }
    if (rank < TOP_K) {
      picked[rank] = e;
      picked_exp[rank] = exp(v - top);  // the max is rank 0's logit: exponents ≤ 0
    }
  }
  workgroupBarrier();
}

// Rank k's routing weight: softmax over the TOP_K picked logits (summed in rank order, as router-topk.wgsl).
fn picked_weight(k: u32) -> f32 {
  var total = 0.0;
  for (var i = 0u; i < TOP_K; i++) { total += picked_exp[i]; }
  return picked_exp[k] / total;
}
