// One classified item as an evaluation outcome: its expected label, the verdict and the violation score.
import type { OutputFormat } from '../formats/output-format';
import type { Verdict } from '../verdict';
import { predictedLabel } from './labels';
import type { Outcome } from './metrics';

/**
 * The model's probability that the item is a violation: the probability of the 0/1 it wrote, turned around for
 * a 0 (the other mass is, in practice, the opposite digit). Null for label formats and inconclusive verdicts.
 */
export function violationScore(verdict: Verdict, probability: number | null): number | null {
  if (probability === null || verdict.violation === null) return null;
  return verdict.violation === 1 ? probability : 1 - probability;
}

export function outcomeOf(expected: string | null, verdict: Verdict, probability: number | null, format: OutputFormat): Outcome {
  return { expected, predicted: predictedLabel(verdict, format), score: format.kind === 'labels' ? null : violationScore(verdict, probability) };
}
