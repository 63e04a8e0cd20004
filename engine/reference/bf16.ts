// CPU reference for bf16 handling (tests only).

/** Widens bf16 bit patterns to f32 exactly (a bf16 is the top half of an f32). */
export function widenBf16(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}
