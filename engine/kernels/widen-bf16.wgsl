// bf16 -> f32 widening: the primitive every bf16 weight read in the engine relies on.
// A bf16 value is the top 16 bits of an f32, so widening is a shift and a bitcast (no shader-f16 needed).

struct Params {
  count: u32, // number of bf16 values (may be odd)
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> packed: array<u32>;        // [ceil(count / 2)] two bf16 per word, low half first
@group(0) @binding(2) var<storage, read_write> widened: array<f32>; // [count]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let word_index = id.x;
  let first = word_index * 2u;
  if (first >= params.count) {
    return;
  }
  let word = packed[word_index];
  widened[first] = bitcast<f32>(word << 16u);
  if (first + 1u < params.count) {
    widened[first + 1u] = bitcast<f32>(word & 0xffff0000u);
  }
}
