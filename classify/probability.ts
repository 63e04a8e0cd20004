// The label probability: how sure the model was of the verdict, read from the probabilities it gave the tokens
// that spell the verdict's value in the final answer (from the engine's logits, or a server's logprobs).
import type { Verdict } from './verdict';

export interface AnswerToken {
  text: string;
  probability: number;
}

/** Product of the probabilities of the final-answer tokens that spell the verdict's value. */
export function verdictProbability(verdict: Verdict, tokens: AnswerToken[]): number | null {
  const span = verdict.valueSpan;
  if (!span || tokens.map((t) => t.text).join('') !== verdict.answer) return null;
  let offset = 0;
  let probability = 1;
  for (const t of tokens) {
    const end = offset + t.text.length;
    if (end > span[0] && offset < span[1]) probability *= t.probability;
    offset = end;
  }
  return probability;
}
