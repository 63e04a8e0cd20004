// Classifier: policy + content → harmony prompt → streamed reasoning and answer → verdict with a label
// probability. Written against a TokenSource (generic generation with a cached prefix), not against the GPU:
// the policy prefix (system + developer messages) is prefilled once per (policy, effort, date) and restored
// for every further item.
import { AbortedError, InvalidRequestError } from '../common/errors';
import { HarmonyParser } from '../harmony/parser';
import { renderContentSuffix, renderPolicyPrefix } from '../harmony/render';
import type { HarmonyTokenizer } from '../harmony/tokenizer';
import { parseVerdict } from './parse-verdict';
import { verdictProbability, type AnswerToken } from './probability';
import type { ClassifyEvent, ClassifyRequest, ClassifyResult } from './request';
import type { TokenSource } from './token-source';

export class Classifier {
  constructor(
    private readonly source: TokenSource,
    private readonly tokenizer: HarmonyTokenizer,
  ) {}

  /** Tokens the request's prompt takes, and whether it fits the context with its output limit. */
  measure(request: Pick<ClassifyRequest, 'policy' | 'content' | 'effort' | 'date'>) {
    const prefix = renderPolicyPrefix(this.tokenizer, { policy: request.policy, effort: request.effort, date: request.date });
    const suffix = renderContentSuffix(this.tokenizer, request.content);
    return { prefix, suffix, promptTokens: prefix.ids.length + suffix.ids.length, capacity: this.source.capacity };
  }

  async classify(request: ClassifyRequest, onEvent: (e: ClassifyEvent) => void = () => {}, signal?: AbortSignal): Promise<ClassifyResult> {
    const started = performance.now();
    if (!(request.maxTokens >= 1)) throw new InvalidRequestError(`maxTokens must be at least 1, got ${request.maxTokens}`);
    const { prefix, suffix, promptTokens, capacity } = this.measure(request);
    if (promptTokens + request.maxTokens > capacity) {
      throw new InvalidRequestError(
        `the prompt (${promptTokens} tokens) plus up to ${request.maxTokens} output tokens exceeds the ${capacity}-token context: shorten the policy or content, or lower the answer limit`,
      );
    }

    const key = JSON.stringify([request.policy, request.effort, request.date]);
    const sampling = { temperature: request.temperature, topP: request.topP, seed: request.seed };
    const policyPrefilled = await this.source.start(key, prefix.ids, sampling, signal);
    onEvent({ type: 'prompt', promptTokens, policyTokens: prefix.ids.length, policyCached: policyPrefilled === 0 });

    const parser = new HarmonyParser(this.tokenizer);
    const answerTokens: AnswerToken[] = [];
    let prefillMs = 0;
    let generated = 0;
    let pending: number | undefined;
    try {
      let next = await this.source.next(suffix.ids, signal);
      prefillMs = performance.now() - started;
      for (;;) {
        if (parser.contentChannel === 'final' && !this.tokenizer.isSpecial(next)) {
          // The logits that produced `next` are still with the source: keep its probability for the verdict.
          const probability = await this.source.probability(next);
          answerTokens.push({ text: this.tokenizer.decode([next]), probability });
          // A character split over tokens comes out with its last token: its probability is theirs together.
          pending = (pending ?? 1) * probability;
        }
        const delta = parser.push(next);
        generated++;
        if (delta?.channel === 'final') {
          onEvent({ type: 'answer', text: delta.text, ...(pending !== undefined && { probability: pending }) });
          pending = undefined;
        } else if (delta) onEvent({ type: 'reasoning', text: delta.text });
        if (parser.done || generated >= request.maxTokens) break;
        if (signal?.aborted) throw new AbortedError('Classification was cancelled.');
        next = await this.source.next([next], signal);
      }
    } finally {
      // The source may have run ahead (greedy decode queues the next step): none of it is wanted now.
      await this.source.settle();
    }
    const decodeMs = performance.now() - started - prefillMs;
    const parsed = parser.result();
    const verdict = parseVerdict(parsed.final, request.format, parsed.problems);
    return {
      verdict,
      probability: verdictProbability(verdict, answerTokens),
      reasoning: parsed.reasoning,
      answer: parsed.final,
      raw: parsed.raw,
      stop: parsed.stop,
      date: request.date,
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
    this.source.dispose();
  }
}
