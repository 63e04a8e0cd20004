// FP4 decoding without a table: E2M1's bits s e1 e0 m placed at f16 bits 15, 11, 10, 9 make the same value
// times 2^-14 (e = 0 lands on f16 subnormals), so two values cost two shifts, a masked merge and
// unpack2x16float, and no workgroup-memory load. WGSL lets an implementation flush subnormals, so this form is
// used only where a probe saw them kept (engine/gpu/half-subnormals.ts).
fn init_fp4(lid: u32) {}
// Values k and k + 4 of an 8-value word (low nibble first), k = 0 … 3, times 2^-14.
fn fp4_pairs(word: u32) -> array<vec2<f32>, 4> {
  return array<vec2<f32>, 4>(
    unpack2x16float(((word << 9u) & 0x0e000e00u) | ((word << 12u) & 0x80008000u)),
    unpack2x16float(((word << 5u) & 0x0e000e00u) | ((word << 8u) & 0x80008000u)),
    unpack2x16float(((word << 1u) & 0x0e000e00u) | ((word << 4u) & 0x80008000u)),
    unpack2x16float(((word >> 3u) & 0x0e000e00u) | (word & 0x80008000u)));
}
// The block scale times 2^14 (a power of two, so the products are the same as the table form's; the scale bytes
// of real checkpoints are far below the 241 where this would overflow f32).
fn fp4_scale(s: u32) -> f32 { return ldexp(1.0, i32(s) - 113); }
