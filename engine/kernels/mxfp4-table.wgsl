// FP4 decoding through the 16 E2M1 values in workgroup memory (one load per value; 16 words in 16 banks, so
// lanes never conflict): for devices whose unpack2x16float flushes f16 subnormals (see mxfp4-half.wgsl).

// The value of E2M1 nibbles without a lookup array: twice each magnitude {0, .5, 1, 1.5, 2, 3, 4, 6} is a 4-bit
// entry of the constant 0xC8643210, indexed by the nibble's low 3 bits times 4; OR-ed into the mantissa of 2^22
// it gives 2^22 + magnitude (the mantissa's unit there is 0.5), so one exact subtraction yields the magnitude;
// the sign bit is moved to bit 31. (Fills the value table: decoding every value this way, about 8 operations
// each, made the expert kernels compute-bound.)
fn fp4_value(nibble: u32) -> f32 {
  let twice = (0xc8643210u >> ((nibble & 7u) << 2u)) & 15u;
  let magnitude = bitcast<f32>(twice | 0x4a800000u) - 4194304.0;
  return bitcast<f32>(bitcast<u32>(magnitude) | ((nibble << 28u) & 0x80000000u));
}
var<workgroup> fp4: array<f32, 16>;
// Fills the value table (E2M1 nibble → value); a barrier must follow before use.
fn init_fp4(lid: u32) {
  if (lid < 16u) { fp4[lid] = fp4_value(lid); }
}
// Values k and k + 4 of an 8-value word (low nibble first), k = 0 … 3.
fn fp4_pairs(word: u32) -> array<vec2<f32>, 4> {
  return array<vec2<f32>, 4>(
    vec2<f32>(fp4[word & 15u], fp4[(word >> 16u) & 15u]),
    vec2<f32>(fp4[(word >> 4u) & 15u], fp4[(word >> 20u) & 15u]),
    vec2<f32>(fp4[(word >> 8u) & 15u], fp4[(word >> 24u) & 15u]),
    vec2<f32>(fp4[(word >> 12u) & 15u], fp4[word >> 28u]));
}
fn fp4_scale(s: u32) -> f32 { return e8m0(s); }
