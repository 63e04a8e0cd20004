// Prepended to every engine kernel (kernelSource in gpu/kernel-spec.ts).

// Per-forward values, written once before each forward pass.
struct Step {
  tokens: u32,      // T: tokens in this pass
  pos0: u32,        // absolute position of the first token
  logits_from: u32, // first token row whose logits are computed
  _pad: u32,
}

// The rows [first, first + count) of a tensor one binding holds (tensors split for the binding-size limit).
struct Part { first: u32, count: u32, _a: u32, _b: u32 }

// A layer's KV ring: slots, and the sliding window (0 = full attention).
struct Layer { capacity: u32, window: u32, _a: u32, _b: u32 }

// bf16 pairs are stored in u32 words, low half first; widening is a shift.
fn bf16_lo(word: u32) -> f32 { return bitcast<f32>(word << 16u); }
fn bf16_hi(word: u32) -> f32 { return bitcast<f32>(word & 0xffff0000u); }
fn bf16_at(words_index: u32, word: u32) -> f32 {
  return select(bf16_lo(word), bf16_hi(word), (words_index & 1u) == 1u);
}

// Linear workgroup id for 2-D dispatches (grids above 65,535 workgroups wrap into y).
fn linear_workgroup(wg: vec3<u32>, groups: vec3<u32>) -> u32 { return wg.x + wg.y * groups.x; }
