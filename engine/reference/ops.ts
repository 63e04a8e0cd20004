// CPU references of every engine op, in f64, written from the formulas (gpt-oss-numerics): used only by
// kernel tests. Weights are given as bf16 bit patterns / MXFP4 bytes exactly as the GPU sees them.
import { widenBf16 } from './bf16';

export const FP4_VALUES = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6];

export function rmsnorm(x: Float32Array, weight: Uint16Array, T: number, H: number, eps: number): Float64Array {
  const w = widenBf16(weight);
  const y = new Float64Array(T * H);
  for (let t = 0; t < T; t++) {
    let ss = 0;
    for (let i = 0; i < H; i++) ss += x[t * H + i] ** 2;
    const s = 1 / Math.sqrt(ss / H + eps);
    for (let i = 0; i < H; i++) y[t * H + i] = x[t * H + i] * s * w[i];
  }
  return y;
}

/** y[t, n] = x[t]·W[n] + b[n], W bf16 [N, K]. */
export function linear(x: Float32Array, weight: Uint16Array, bias: Uint16Array | null, T: number, K: number, N: number): Float64Array {
  const w = widenBf16(weight);
  const b = bias ? widenBf16(bias) : null;
  const y = new Float64Array(T * N);
  for (let t = 0; t < T; t++)
    for (let n = 0; n < N; n++) {
      let s = b ? b[n] : 0;
      for (let k = 0; k < K; k++) s += x[t * K + k] * w[n * K + k];
      y[t * N + n] = s;
    }
  return y;
}

/** Attention of query rows at positions pos0.. over keys/values given per absolute position. */
export function attention(args: {
  q: Float32Array; keys: (pos: number, kvHead: number) => ArrayLike<number>; values: (pos: number, kvHead: number) => ArrayLike<number>;
  sinks: Uint16Array; T: number; pos0: number; heads: number; kvHeads: number; dim: number; window: number;
}): Float64Array {
  const { q, T, pos0, heads, kvHeads, dim, window } = args;
  const sinks = widenBf16(args.sinks);
  const out = new Float64Array(T * heads * dim);
  for (let t = 0; t < T; t++) {
    const pos = pos0 + t;
    const first = window > 0 ? Math.max(0, pos - window + 1) : 0;
    for (let h = 0; h < heads; h++) {
      const kvh = Math.floor(h / (heads / kvHeads));
      const scores: number[] = [];
      for (let j = first; j <= pos; j++) {
        const k = args.keys(j, kvh);
        let s = 0;
        for (let d = 0; d < dim; d++) s += q[(t * heads + h) * dim + d] * k[d];
        scores.push(s / Math.sqrt(dim));
      }
      const m = Math.max(sinks[h], ...scores);
      const e = scores.map((s) => Math.exp(s - m));
      const denom = e.reduce((a, b) => a + b, 0) + Math.exp(sinks[h] - m);
      for (let d = 0; d < dim; d++) {
        let acc = 0;
        for (let j = first; j <= pos; j++) acc += e[j - first] * args.values(j, kvh)[d];
        out[(t * heads + h) * dim + d] = acc / denom;
      }
    }
  }
  return out;
}

/** Top-k of the logits (ties → lower index), softmax over the k. */
export function routerTopK(logits: Float32Array, T: number, E: number, K: number): { experts: number[][]; weights: number[][] } {
  const experts: number[][] = [];
  const weights: number[][] = [];
  for (let t = 0; t < T; t++) {
    const row = Array.from(logits.subarray(t * E, (t + 1) * E));
    const order = row.map((_, i) => i).sort((a, b) => row[b] - row[a] || a - b).slice(0, K);
    const e = order.map((i) => Math.exp(row[i] - row[order[0]]));
    const sum = e.reduce((a, b) => a + b, 0);
    experts.push(order);
    weights.push(e.map((v) => v / sum));
  }
  return { experts, weights };
}

/** Row `row` of expert `e` of an MXFP4 matrix [E, R, C/32, 16] with scales [E, R, C/32], as numbers. */
export function mxfp4Row(blocks: Uint8Array, scales: Uint8Array, e: number, row: number, R: number, C: number): Float64Array {
  const groups = C / 32;
  const out = new Float64Array(C);
  for (let g = 0; g < groups; g++) {
    const scale = 2 ** (scales[(e * R + row) * groups + g] - 127);
    for (let j = 0; j < 16; j++) {
      const byte = blocks[((e * R + row) * groups + g) * 16 + j];
      out[g * 32 + 2 * j] = FP4_VALUES[byte & 15] * scale;
      out[g * 32 + 2 * j + 1] = FP4_VALUES[byte >> 4] * scale;
    }
  }
  return out;
}

/** act[t, k, j] = swiglu of interleaved gate/up rows of expert chosen[t][k]. */
export function moeGateUp(x: Float32Array, chosen: number[][], blocks: Uint8Array, scales: Uint8Array, bias: Uint16Array, H: number, I: number, limit: number): Float64Array {
  const b = widenBf16(bias);
  const K = chosen[0].length;
  const act = new Float64Array(chosen.length * K * I);
  chosen.forEach((experts, t) =>
    experts.forEach((e, k) => {
      for (let j = 0; j < I; j++) {
        const dot = (row: number) => mxfp4Row(blocks, scales, e, row, 2 * I, H).reduce((s, w, i) => s + w * x[t * H + i], 0);
        const gate = Math.min(dot(2 * j) + b[e * 2 * I + 2 * j], limit);
        const up = Math.min(Math.max(dot(2 * j + 1) + b[e * 2 * I + 2 * j + 1], -limit), limit);
        act[(t * K + k) * I + j] = (gate / (1 + Math.exp(-1.702 * gate))) * (up + 1);
      }
    }),
  );
  return act;
}

/** x[t, h] + Σ_k w_k (W2[e_k]·act[t, k] + b2[e_k])[h]. */
export function moeDown(x: Float32Array, act: Float32Array, chosen: number[][], weights: number[][], blocks: Uint8Array, scales: Uint8Array, bias: Uint16Array, H: number, I: number): Float64Array {
  const b = widenBf16(bias);
  const K = chosen[0].length;
  const out = Float64Array.from(x);
  chosen.forEach((experts, t) =>
    experts.forEach((e, k) => {
      for (let h = 0; h < H; h++) {
        const w = mxfp4Row(blocks, scales, e, h, H, I);
        let s = b[e * H + h];
        for (let i = 0; i < I; i++) s += w[i] * act[(t * K + k) * I + i];
        out[t * H + h] += weights[t][k] * s;
      }
    }),
  );
  return out;
}

/** Rotate-half RoPE of one head vector at `pos`, with inverse frequencies and concentration (YaRN). */
export function rope(vector: ArrayLike<number>, pos: number, invFreq: ArrayLike<number>, concentration: number): Float64Array {
  const half = vector.length / 2;
  const out = new Float64Array(vector.length);
  for (let i = 0; i < half; i++) {
    const c = Math.cos(pos * invFreq[i]) * concentration;
    const s = Math.sin(pos * invFreq[i]) * concentration;
    out[i] = vector[i] * c - vector[i + half] * s;
    out[i + half] = vector[i + half] * c + vector[i] * s;
  }
  return out;
}
