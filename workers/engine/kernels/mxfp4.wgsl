// MXFP4 decoding, shared by the expert kernels. A 16-byte block holds 32 E2M1 values (low nibble first);
// one E8M0 scale byte per block gives 2^(s - 127).
var<private> FP4: array<f32, 16> = array<f32, 16>(
  0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0);

fn e8m0(s: u32) -> f32 { return ldexp(1.0, i32(s) - 127); }

fn byte_at(words_index: u32, word: u32) -> u32 { return (word >> ((words_index & 3u) * 8u)) & 0xffu; }

// Dot product of one 32-value block with 32 activations (as 8 vec4).
fn block_dot(block: vec4<u32>, xs: ptr<function, array<vec4<f32>, 8>>) -> f32 {
  var sum = 0.0;
  for (var w = 0u; w < 4u; w++) {
    let word = block[w];
    let lo = vec4<f32>(FP4[word & 15u], FP4[(word >> 4u) & 15u], FP4[(word >> 8u) & 15u], FP4[(word >> 12u) & 15u]);
    let hi = vec4<f32>(FP4[(word >> 16u) & 15u], FP4[(word >> 20u) & 15u], FP4[(word >> 24u) & 15u], FP4[word >> 28u]);
    sum += dot(lo, (*xs)[w * 2u]) + dot(hi, (*xs)[w * 2u + 1u]);
  }
  return sum;
}
