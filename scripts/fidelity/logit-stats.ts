// Per-position agreement of engine logits with reference logits: relative L2 error and argmax.

export interface LogitStats {
  /** Relative L2 error ‖engine − reference‖ / ‖reference‖ per position. */
  relL2: number[];
  median: number;
  p99: number;
  max: number;
  worstPosition: number;
  argmaxAgreement: number;
  /** Positions whose argmax differs. */
  disagreements: number[];
}

function argmax(a: ArrayLike<number>, from: number, length: number): number {
  let best = from;
  for (let i = from + 1; i < from + length; i++) if (a[i] > a[best]) best = i;
  return best - from;
}

/** `engine` holds one row per position; `reference` is the same rows flattened ([positions × vocab]). */
export function compareLogits(engine: Float32Array[], reference: Float32Array, vocab: number): LogitStats {
  if (reference.length !== engine.length * vocab) throw new Error(`reference has ${reference.length / vocab} rows, engine ${engine.length}`);
  const relL2: number[] = [];
  const disagreements: number[] = [];
  engine.forEach((row, p) => {
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < vocab; i++) {
      const r = reference[p * vocab + i];
      diff += (row[i] - r) ** 2;
      norm += r * r;
    }
    relL2.push(Math.sqrt(diff / norm));
    if (argmax(row, 0, vocab) !== argmax(reference, p * vocab, vocab)) disagreements.push(p);
  });
  const sorted = [...relL2].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const max = sorted[sorted.length - 1];
  return {
    relL2,
    median: at(0.5),
    p99: at(0.99),
    max,
    worstPosition: relL2.indexOf(max),
    argmaxAgreement: 1 - disagreements.length / engine.length,
    disagreements,
  };
}
