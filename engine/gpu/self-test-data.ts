// Input and checksum of the GPU self-test, kept free of GPU code so the e2e test can recompute the
// expected result on its own.

export const SELF_TEST_COUNT = 4099;

/** Deterministic finite bf16 bit patterns of both signs and many exponents (no NaN/Inf: bits compare exactly). */
export function selfTestInput(count = SELF_TEST_COUNT, seed = 0x9e3779b9): Uint16Array {
  const bits = new Uint16Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    let value = state >>> 16;
    if (((value >>> 7) & 0xff) === 0xff) value &= ~0x4000; // clear one exponent bit: stays finite
    bits[i] = value;
  }
  return bits;
}

export function checksumBits(values: Float32Array): string {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let hash = 0x811c9dc5;
  for (const word of words) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (word >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}
