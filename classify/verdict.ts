// A verdict: what the model's final answer means under the output format the policy asked for.
// Whatever does not match is listed in `problems`; no final answer or no usable one → "inconclusive".
export interface Verdict {
  /** "violation", "no violation", one of the policy's labels, or "inconclusive". */
  label: string;
  /** 1 / 0 where the format says so, null when unknown. */
  violation: 0 | 1 | null;
  category: string | null;
  ruleIds: string[];
  confidence: string | null;
  rationale: string | null;
  /** What did not match the expected format. Empty for a clean answer. */
  problems: string[];
  /** The final-channel text as written. */
  answer: string | null;
  /** Where in `answer` the verdict's value is written ([start, end) characters), for its probability. */
  valueSpan: [number, number] | null;
}

export const inconclusive = (answer: string | null, problems: string[]): Verdict => ({
  label: 'inconclusive', violation: null, category: null, ruleIds: [], confidence: null, rationale: null, problems, answer, valueSpan: null,
});

export const violationLabel = (v: 0 | 1) => (v === 1 ? 'violation' : 'no violation');

/** The answer as it was written, and its trimmed text with the offset of that text inside the answer. */
export interface AnswerText {
  answer: string;
  text: string;
  lead: number;
}
