import { describe, expect, it } from 'vitest';
import { compareLogits } from './logit-stats';

describe('compareLogits', () => {
  it('reports relative L2 per position, the worst position and argmax disagreements', () => {
    const reference = Float32Array.from([1, 2, 3, 0, 4, 0, 5, 1, 1]); // 3 positions × vocab 3
    const engine = [Float32Array.from([1, 2, 3]), Float32Array.from([0, 4, 0.4]), Float32Array.from([1, 5, 1])];
    const stats = compareLogits(engine, reference, 3);
    expect(stats.relL2[0]).toBe(0);
    expect(stats.relL2[1]).toBeCloseTo(0.1, 6);
    expect(stats.worstPosition).toBe(2);
    expect(stats.disagreements).toEqual([2]);
    expect(stats.argmaxAgreement).toBeCloseTo(2 / 3, 6);
    expect(stats.median).toBeCloseTo(0.1, 6);
  });

  it('refuses a reference with a different number of rows', () => {
    expect(() => compareLogits([new Float32Array(3)], new Float32Array(6), 3)).toThrow(/2 rows, engine 1/);
  });
});
