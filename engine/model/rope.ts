// YaRN rotary embedding as gpt-oss defines it (NTK-by-parts; correction range not rounded unless the config
// says truncate; concentration 0.1·ln(factor) + 1 applied once, to both cos and sin). Computed in f64.
import type { YarnRope } from './config';

export function yarnInverseFrequencies(rope: YarnRope, headDim: number): Float64Array {
  const half = headDim / 2;
  const correction = (rotations: number) => (half * Math.log(rope.originalContext / (rotations * 2 * Math.PI))) / Math.log(rope.theta);
  let low = correction(rope.betaFast);
  let high = correction(rope.betaSlow);
  if (rope.truncate) {
    low = Math.floor(low);
    high = Math.ceil(high);
  }
  if (low === high) high += 0.001;
  const inv = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    const freq = Math.pow(rope.theta, (2 * i) / headDim);
    const ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
    const extrapolation = 1 - ramp; // weight of the original frequency
    inv[i] = (1 / (rope.factor * freq)) * (1 - extrapolation) + (1 / freq) * extrapolation;
  }
  return inv;
}

export const yarnConcentration = (rope: YarnRope) => 0.1 * Math.log(rope.factor) + 1;

/** (cos, sin) × concentration for positions [0, positions), interleaved as [pos][i] → vec2. */
export function ropeTable(rope: YarnRope, headDim: number, positions: number): Float32Array<ArrayBuffer> {
  const inv = yarnInverseFrequencies(rope, headDim);
  const half = headDim / 2;
  const c = yarnConcentration(rope);
  const table = new Float32Array(positions * half * 2);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * inv[i];
      table[(p * half + i) * 2] = Math.cos(angle) * c;
      table[(p * half + i) * 2 + 1] = Math.sin(angle) * c;
    }
  }
  return table;
}
