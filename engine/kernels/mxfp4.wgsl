// MXFP4 decoding, shared by the expert kernels. A 16-byte block holds 32 E2M1 values (low nibble first);
// one E8M0 scale byte per block gives 2^(s - 127).
// E2M1 nibble s e1 e0 m → f32 bits directly (no lookup table: dynamically indexed arrays spill on GPUs):
// e > 0: (1 + m/2)·2^(e-1) = exponent e + 126, mantissa m << 22; e = 0: m · 0.5.
fn fp4x4(n: vec4<u32>) -> vec4<f32> {
  let e = (n >> vec4<u32>(1u)) & vec4<u32>(3u);
  let m = n & vec4<u32>(1u);
  let normal = ((e + vec4<u32>(126u)) << vec4<u32>(23u)) | (m << vec4<u32>(22u));
  let subnormal = m * (126u << 23u);
  let sign = (n & vec4<u32>(8u)) << vec4<u32>(28u);
  return bitcast<vec4<f32>>(select(normal, subnormal, e == vec4<u32>(0u)) | sign);
}

// The 8 values of one u32 word (4 bytes, low nibble first), as two vec4.
fn fp4_word_lo(word: u32) -> vec4<f32> { return fp4x4((vec4<u32>(word) >> vec4<u32>(0u, 4u, 8u, 12u)) & vec4<u32>(15u)); }
fn fp4_word_hi(word: u32) -> vec4<f32> { return fp4x4((vec4<u32>(word) >> vec4<u32>(16u, 20u, 24u, 28u)) & vec4<u32>(15u)); }

fn e8m0(s: u32) -> f32 { return ldexp(1.0, i32(s) - 127); }

fn byte_at(words_index: u32, word: u32) -> u32 { return (word >> ((words_index & 3u) * 8u)) & 0xffu; }

// Word `w` (0..3) of block `index` decoded and scaled: 8 values. Reads the including kernel's `blocks`
// (vec4<u32> per block) and `scales` (bytes packed in u32) bindings.
fn scaled_block_word(index: u32, w: u32) -> array<f32, 8> {
  let word = blocks[index][w];
  let scale = e8m0(byte_at(index, scales[index / 4u]));
  let lo = fp4_word_lo(word) * scale;
  let hi = fp4_word_hi(word) * scale;
  return array<f32, 8>(lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w);
}

// Dot product of one 32-value block with 32 activations (as 8 vec4).
fn block_dot(block: vec4<u32>, xs: ptr<function, array<vec4<f32>, 8>>) -> f32 {
  var sum = 0.0;
  for (var w = 0u; w < 4u; w++) {
    let word = block[w];
    sum += dot(fp4_word_lo(word), (*xs)[w * 2u]) + dot(fp4_word_hi(word), (*xs)[w * 2u + 1u]);
  }
  return sum;
}
