// What the element's `verdict` event (and the iframe's result message) carries: plain data a host page can store.
import type { ClassifyResult } from '../classify/request';

export interface VerdictDetail {
  label: string;
  violation: 0 | 1 | null;
  probability: number | null;
  ruleIds: string[];
  rationale: string | null;
  reasoning: string;
  timings: ClassifyResult['timings'];
}

export const verdictDetail = (r: ClassifyResult): VerdictDetail => ({
  label: r.verdict.label,
  violation: r.verdict.violation,
  probability: r.probability,
  ruleIds: r.verdict.ruleIds,
  rationale: r.verdict.rationale,
  reasoning: r.reasoning,
  timings: r.timings,
});

/** The `error` event's detail: the stable name, what happened, and what to do. */
export interface ErrorDetail {
  name: string;
  message: string;
  action: string;
}
