// x[t, h] += Σ_k w[t, k] · expert_out[t·K + k, h]: the routing-weighted sum of the expert outputs. The weights
// come from router-topk, or with PICK_EXPERTS (passes of a few rows, which run no top-k dispatch) are worked out
// from the router logits here (route-pick.wgsl). With PARTS > 1 each slot's output comes in PARTS partial sums
// ([part][slot][HIDDEN], from the grouped down kernel with its inputs split), added up here.
override HIDDEN: u32;
override EXPERTS: u32;
override TOP_K: u32;
override PICK_EXPERTS: bool;
override PARTS: u32 = 1u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> router_logits: array<f32>;  // [T, EXPERTS] (read with PICK_EXPERTS)
@group(0) @binding(2) var<storage, read> weights: array<f32>;        // [T, TOP_K] (read without)
@group(0) @binding(3) var<storage, read> expert_out: array<f32>;     // [PARTS, T * TOP_K, HIDDEN]
@group(0) @binding(4) var<storage, read_write> x: array<f32>;        // [T, HIDDEN]

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wg.y;
  if (t >= step.tokens) { return; }  // uniform per workgroup
  if (PICK_EXPERTS) { pick_experts(t, lid, 64u); }
  let h = wg.x * 64u + lid;
  if (h >= HIDDEN) { return; }
  var sum = 0.0;
  for (var k = 0u; k < TOP_K; k++) {
    var w: f32;
    if (PICK_EXPERTS) { w = picked_weight(k); } else { w = weights[t * TOP_K + k]; }
    var out = 0.0;
    for (var p = 0u; p < PARTS; p++) { out += expert_out[((p * step.tokens + t) * TOP_K + k) * HIDDEN + h]; }
    sum += w * out;
  }
  x[t * HIDDEN + h] += sum;
}
