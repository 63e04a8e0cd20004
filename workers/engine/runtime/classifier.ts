// Classifier: policy + content → harmony prompt → streamed reasoning and answer → verdict with a label
// probability. The policy prefix (system + developer messages) is prefilled once per (policy, effort, date)
// and restored from a Context snapshot for every further item.
import { AbortedError, InvalidRequestError } from '../errors';
import { HarmonyParser, type StopReason } from '../harmony/parser';
import { renderContentSuffix, renderPolicyPrefix, type ReasoningEffort } from '../harmony/render';
import type { HarmonyTokenizer } from '../harmony/tokenizer';
import { parseVerdict, type OutputFormat, type Verdict } from '../harmony/verdict';
import type { Context, Snapshot } from './context';
import type { Model } from './model';
import { Sampler, softmax } from './sampler';

export interface ClassifyRequest {
  policy: string;
  content: string;
  effort: ReasoningEffort;
  format: OutputFormat;
  /** Most tokens the model may write (reasoning + answer). */
  maxTokens: number;
  /** YYYY-MM-DD for the system message; today when omitted. */
  date?: string;
  /** 0 (default) = greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
}

export type ClassifyEvent =
  | { type: 'prompt'; promptTokens: number; policyTokens: number; policyCached: boolean }
  | { type: 'reasoning'; text: string }
  | { type: 'answer'; text: string };

export interface ClassifyResult {
  verdict: Verdict;
  /** Probability the model gave the verdict's token(s) where it wrote them in the final answer. */
  probability: number | null;
  reasoning: string;
  answer: string | null;
  raw: string;
  stop: StopReason | null;
  tokens: { prompt: number; policy: number; policyPrefilled: number; content: number; generated: number };
  timings: { prefillMs: number; decodeMs: number; totalMs: number; prefillTokensPerS: number; decodeTokensPerS: number };
}

interface FinalToken {
  text: string;
  probability: number;
}

export class Classifier {
  private readonly ctx: Context;
  private prefix: { key: string; snapshot: Snapshot; length: number } | null = null;

  constructor(
    model: Model,
    private readonly tokenizer: HarmonyTokenizer,
  ) {
    this.ctx = model.createContext();
  }

  async classify(request: ClassifyRequest, onEvent: (e: ClassifyEvent) => void = () => {}, signal?: AbortSignal): Promise<ClassifyResult> {
    const started = performance.now();
    const date = request.date ?? new Date().toISOString().slice(0, 10);
    if (!(request.maxTokens >= 1)) throw new InvalidRequestError(`maxTokens must be at least 1, got ${request.maxTokens}`);
    const sampler = new Sampler({ temperature: request.temperature, topP: request.topP, seed: request.seed });
    const prefix = renderPolicyPrefix(this.tokenizer, { policy: request.policy, effort: request.effort, date });
    const suffix = renderContentSuffix(this.tokenizer, request.content);
    const promptTokens = prefix.ids.length + suffix.ids.length;
    if (promptTokens + request.maxTokens > this.ctx.capacity) {
      throw new InvalidRequestError(
        `the prompt (${promptTokens} tokens) plus up to ${request.maxTokens} output tokens exceeds the ${this.ctx.capacity}-token context: shorten the policy or content, or lower the output limit`,
      );
    }

    const key = JSON.stringify([request.policy, request.effort, date]);
    const cached = this.prefix?.key === key;
    let policyPrefilled = 0;
    if (cached) {
      this.ctx.restore(this.prefix!.snapshot);
    } else {
      this.prefix?.snapshot.release();
      this.prefix = null;
      this.ctx.reset();
      await this.ctx.forward(prefix.ids, { logits: 'none', signal });
      this.prefix = { key, snapshot: this.ctx.snapshot(), length: prefix.ids.length };
      policyPrefilled = prefix.ids.length;
    }
    onEvent({ type: 'prompt', promptTokens, policyTokens: prefix.ids.length, policyCached: cached });

    const parser = new HarmonyParser(this.tokenizer);
    const finalTokens: FinalToken[] = [];
    const step = async (ids: readonly number[]) => {
      if (sampler.greedy) return this.ctx.forwardGreedy(ids, signal);
      return sampler.sample((await this.ctx.forward(ids, { signal })).logits[0]);
    };
    let next = await step(suffix.ids);
    const prefillMs = performance.now() - started;
    let generated = 0;
    for (;;) {
      if (parser.contentChannel === 'final' && !this.tokenizer.isSpecial(next)) {
        // The logits that produced `next` are still on the GPU: keep its probability for the verdict.
        const probs = softmax(await this.ctx.lastLogits());
        finalTokens.push({ text: this.tokenizer.decode([next]), probability: probs[next] });
      }
      const delta = parser.push(next);
      generated++;
      if (delta) onEvent({ type: delta.channel === 'final' ? 'answer' : 'reasoning', text: delta.text });
      if (parser.done || generated >= request.maxTokens) break;
      if (signal?.aborted) throw new AbortedError('Classification was cancelled.');
      next = await step([next]);
    }
    const decodeMs = performance.now() - started - prefillMs;
    const parsed = parser.result();
    const verdict = parseVerdict(parsed.final, request.format, parsed.problems);
    return {
      verdict,
      probability: verdictProbability(verdict, finalTokens),
      reasoning: parsed.reasoning,
      answer: parsed.final,
      raw: parsed.raw,
      stop: parsed.stop,
      tokens: { prompt: promptTokens, policy: prefix.ids.length, policyPrefilled, content: suffix.ids.length, generated },
      timings: {
        prefillMs,
        decodeMs,
        totalMs: performance.now() - started,
        prefillTokensPerS: ((policyPrefilled + suffix.ids.length) / prefillMs) * 1000,
        decodeTokensPerS: generated > 1 ? ((generated - 1) / decodeMs) * 1000 : 0,
      },
    };
  }

  dispose() {
    this.prefix?.snapshot.release();
    this.ctx.destroy();
  }
}

/** Product of the probabilities of the final-answer tokens that spell the verdict's value. */
export function verdictProbability(verdict: Verdict, tokens: FinalToken[]): number | null {
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
