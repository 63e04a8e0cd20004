// Prepended to every engine kernel (kernelSource in gpu/kernel-spec.ts).

// Per-forward values, written once before each forward pass.
struct Step {
  tokens: u32,      // T: tokens in this pass
  _unused: u32,
  logits_from: u32, // first token row whose logits are computed
  _pad: u32,
}

// Where one token row of a pass belongs: its sequence's KV slot and its absolute position. A pass may hold rows
// of several sequences (batched decode), each attending only to its own slot's keys.
struct Row { slot: u32, pos: u32 }

// The rows [first, first + count) of a tensor one binding holds (tensors split for the binding-size limit).
struct Part { first: u32, count: u32, _a: u32, _b: u32 }

// A layer's KV cache: positions kept per sequence slot (a ring for sliding layers), and the sliding window
// (0 = full attention). Slot s holds rows [s·capacity, (s+1)·capacity).
struct Layer { capacity: u32, window: u32, _a: u32, _b: u32 }

// Cache row of absolute position `pos` of the sequence in `slot`.
fn kv_row(layer: Layer, slot: u32, pos: u32) -> u32 { return slot * layer.capacity + pos % layer.capacity; }

// bf16 pairs are stored in u32 words, low half first; widening is a shift.
fn bf16_lo(word: u32) -> f32 { return bitcast<f32>(word << 16u); }
fn bf16_hi(word: u32) -> f32 { return bitcast<f32>(word & 0xffff0000u); }
fn bf16_at(words_index: u32, word: u32) -> f32 {
  return select(bf16_lo(word), bf16_hi(word), (words_index & 1u) == 1u);
}
// A 16-byte load of 8 bf16 values as two vec4: values 0-3 and 4-7.
fn widen_lo(q: vec4<u32>) -> vec4<f32> { return vec4<f32>(bf16_lo(q.x), bf16_hi(q.x), bf16_lo(q.y), bf16_hi(q.y)); }
fn widen_hi(q: vec4<u32>) -> vec4<f32> { return vec4<f32>(bf16_lo(q.z), bf16_hi(q.z), bf16_lo(q.w), bf16_hi(q.w)); }

// Linear workgroup id for 2-D dispatches (grids above 65,535 workgroups wrap into y).
fn linear_workgroup(wg: vec3<u32>, groups: vec3<u32>) -> u32 { return wg.x + wg.y * groups.x; }

// gpt-oss's clamped SwiGLU of one output's gate and up sums (bias included): the expert kernels that make act.
fn clamped_swiglu(gate_sum: f32, up_sum: f32, limit: f32) -> f32 {
  let gate = min(gate_sum, limit);
  let up = clamp(up_sum, -limit, limit);
  return gate / (1.0 + exp(-1.702 * gate)) * (up + 1.0);
}
