// Router: top-k of the expert logits (ties → lower index), then softmax over the k selected (top-k.wgsl). One
// thread per token.
override EXPERTS: u32;
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> logits: array<f32>;          // [T, EXPERTS]
@group(0) @binding(2) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] expert ids
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;   // [T, TOP_K]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x < step.tokens) { token_top_k(gid.x); }
}
