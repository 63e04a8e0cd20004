// What a classification is asked (request), what it streams (events) and what it returns (result). The same
// types serve every backend: the local WebGPU engine now, an OpenAI-compatible server later.
import type { StopReason } from '../harmony/parser';
import type { ReasoningEffort } from '../harmony/render';
import type { OutputFormat } from './formats/output-format';
import type { Verdict } from './verdict';

export interface ClassifyRequest {
  policy: string;
  content: string;
  effort: ReasoningEffort;
  format: OutputFormat;
  /** Most tokens the model may write (reasoning + answer). */
  maxTokens: number;
  /** YYYY-MM-DD written into the system message; pinned when the request is made (see pinRequest). */
  date: string;
  /** 0 (default) = greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
}

/** A request as a caller gives it: the output limit and the date may be left to their defaults. */
export type ClassifyInput = Omit<ClassifyRequest, 'maxTokens' | 'date'> & Partial<Pick<ClassifyRequest, 'maxTokens' | 'date'>>;

export const DEFAULT_MAX_TOKENS = 2048;

/** Today's date as YYYY-MM-DD (UTC). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

/**
 * Fills the defaults once, when the request is made: a request (or every item of a batch made from one) carries
 * its date, so a run started before midnight and finished after it classifies every item with the same prompt.
 */
export function pinRequest(input: ClassifyInput, now = new Date()): ClassifyRequest {
  return { ...input, maxTokens: input.maxTokens ?? DEFAULT_MAX_TOKENS, date: input.date ?? today(now) };
}

export type ClassifyEvent =
  | { type: 'prompt'; promptTokens: number; policyTokens: number; policyCached: boolean }
  | { type: 'reasoning'; text: string }
  /** `probability`: what the model gave this answer token (a server reports it as a logprob). */
  | { type: 'answer'; text: string; probability?: number };

export interface ClassifyResult {
  verdict: Verdict;
  /** Probability the model gave the verdict's token(s) where it wrote them in the final answer. */
  probability: number | null;
  reasoning: string;
  answer: string | null;
  raw: string;
  stop: StopReason | null;
  /** The date the prompt was rendered with. */
  date: string;
  tokens: { prompt: number; policy: number; policyPrefilled: number; content: number; generated: number };
  timings: { prefillMs: number; decodeMs: number; totalMs: number; prefillTokensPerS: number; decodeTokensPerS: number };
  /** Set when a server classified it: where, which model, and whether it sent logprobs (the probability). */
  server?: { host: string; model: string; logprobs: boolean };
}
