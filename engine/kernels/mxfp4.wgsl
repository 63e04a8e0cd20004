// MXFP4 decoding, shared by the expert kernels. A 16-byte block holds 32 E2M1 values (low nibble first);
// one E8M0 scale byte per block gives 2^(s - 127).
// E2M1 nibble s e1 e0 m: e > 0: ±(1 + m/2)·2^(e-1); e = 0: ±m · 0.5.

fn e8m0(s: u32) -> f32 { return ldexp(1.0, i32(s) - 127); }

fn byte_at(words_index: u32, word: u32) -> u32 { return (word >> ((words_index & 3u) * 8u)) & 0xffu; }

// How the expert kernels decode a word of 8 values (mxfp4-table.wgsl or mxfp4-half.wgsl, by device; mxfp4.ts):
// init_fp4(lid) before a barrier, fp4_pairs(word) = values (k, k + 4) for k = 0 … 3 times a power of two that
// fp4_scale(scale byte) undoes.
