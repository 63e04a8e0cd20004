// Sampler: greedy, or temperature + top-p (nucleus) with a seeded generator so a run can be repeated.
import { InvalidRequestError } from '../../common/errors';

export interface SamplerOptions {
  /** 0 = greedy. */
  temperature?: number;
  /** Keep the smallest set of tokens whose probability reaches topP (1 = all). */
  topP?: number;
  seed?: number;
}

export class Sampler {
  readonly temperature: number;
  readonly topP: number;
  private state: number;

  constructor(options: SamplerOptions = {}) {
    this.temperature = options.temperature ?? 0;
    this.topP = options.topP ?? 1;
    if (!(this.temperature >= 0) || !Number.isFinite(this.temperature)) throw new InvalidRequestError(`temperature ${options.temperature} must be ≥ 0`);
    if (!(this.topP > 0 && this.topP <= 1)) throw new InvalidRequestError(`top-p ${options.topP} must be in (0, 1]`);
    this.state = (options.seed ?? 0x5eed) >>> 0;
  }

  get greedy() {
    return this.temperature === 0;
  }

  /** A uniform number in [0, 1) (mulberry32). */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  sample(logits: ArrayLike<number>): number {
    if (this.greedy) return argmax(logits);
    const probs = softmax(logits, this.temperature);
    const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
    let kept = 0;
    let mass = 0;
    while (kept < order.length && (kept === 0 || mass < this.topP)) mass += probs[order[kept++]];
    let r = this.random() * mass;
    for (let i = 0; i < kept; i++) {
      r -= probs[order[i]];
      if (r < 0) return order[i];
    }
    return order[kept - 1];
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** softmax(values / temperature) in f64. */
export function softmax(values: ArrayLike<number>, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += out[i] = Math.exp((values[i] - max) / temperature);
  for (let i = 0; i < values.length; i++) out[i] /= sum;
  return out;
}
