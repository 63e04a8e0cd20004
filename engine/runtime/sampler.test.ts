import { describe, expect, it } from 'vitest';
import { argmax, Sampler, softmax } from './sampler';

const logits = [0.1, 2.0, -1.0, 1.5, 0.0, 1.9];

describe('Sampler', () => {
  it('is greedy at temperature 0', () => {
    expect(new Sampler().sample(logits)).toBe(1);
    expect(argmax([3, 5, 5, 1])).toBe(1);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    const draw = (seed: number) => {
      const s = new Sampler({ temperature: 1, seed });
      return Array.from({ length: 40 }, () => s.sample(logits));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('follows the softmax distribution at temperature 1', () => {
    const s = new Sampler({ temperature: 1, seed: 1 });
    const counts = new Array(logits.length).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) counts[s.sample(logits)]++;
    const p = softmax(logits);
    counts.forEach((c, i) => expect(Math.abs(c / n - p[i])).toBeLessThan(0.02));
  });

  it('top-p keeps only the nucleus', () => {
    // p ≈ [.., 0.37, .., 0.22, .., 0.33]: top-p 0.6 keeps tokens 1 and 5 only.
    const s = new Sampler({ temperature: 1, topP: 0.6, seed: 3 });
    const seen = new Set(Array.from({ length: 500 }, () => s.sample(logits)));
    expect([...seen].sort()).toEqual([1, 5]);
  });

  it('refuses invalid settings', () => {
    expect(() => new Sampler({ temperature: -1 })).toThrow(/temperature/);
    expect(() => new Sampler({ topP: 0 })).toThrow(/top-p/);
  });
});
