// act[slot, j] = SwiGLU of the gate/up sums that the grouped gate/up kernel left in K_PARTS parts (its inputs
// split, tile-k-parts.ts): g = Σ_p parts[p, slot, 2j] + b_g, u = Σ_p parts[p, slot, 2j + 1] + b_u, then
// clamped_swiglu (common.wgsl), as the kernels that make act whole do it.
override INTERMEDIATE: u32;
override TOP_K: u32;
override K_PARTS: u32;
override LIMIT: f32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> parts: array<f32>;           // [K_PARTS, T * TOP_K, 2I]
@group(0) @binding(2) var<storage, read> chosen: array<u32>;          // [T * TOP_K] each slot's expert
@group(0) @binding(3) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(4) var<storage, read_write> act: array<f32>;       // [T * TOP_K, INTERMEDIATE]

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let slot = wg.y;
  let j = wg.x * 64u + lid;
  let slots = step.tokens * TOP_K;
  if (slot >= slots || j >= INTERMEDIATE) { return; }
  var g = 0.0;
  var u = 0.0;
  for (var p = 0u; p < K_PARTS; p++) {
    let at = ((p * slots + slot) * INTERMEDIATE + j) * 2u;
    g += parts[at];
    u += parts[at + 1u];
  }
  let b = chosen[slot] * 2u * INTERMEDIATE + 2u * j;
  act[slot * INTERMEDIATE + j] = clamped_swiglu(g + bf16_at(b, bias[b / 2u]), u + bf16_at(b + 1u, bias[(b + 1u) / 2u]), LIMIT);
}
