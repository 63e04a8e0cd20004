// The OpenAI chat completion objects `safeguard serve` writes: streamed chunks (reasoning under delta.reasoning,
// the answer under delta.content with its logprobs) and the whole completion (message.reasoning). The field names
// are the ones vLLM uses for gpt-oss, so clients written for vLLM read ours unchanged.
import type { ClassifyResult } from '../classify/request';

export interface CompletionIds {
  id: string;
  created: number;
  model: string;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

/** The answer text's logprob entry: greedy decoding picks the most likely token, so it is its own top-1. */
export function tokenLogprob(text: string, probability: number, topLogprobs: number): TokenLogprob {
  const logprob = Math.log(probability);
  const bytes = [...new TextEncoder().encode(text)];
  return { token: text, logprob, bytes, top_logprobs: topLogprobs > 0 ? [{ token: text, logprob, bytes }] : [] };
}

export const chunk = (ids: CompletionIds, delta: object, extra: { logprobs?: { content: TokenLogprob[] } | null; finish_reason?: string | null } = {}) => ({
  id: ids.id, object: 'chat.completion.chunk', created: ids.created, model: ids.model,
  choices: [{ index: 0, delta, logprobs: extra.logprobs ?? null, finish_reason: extra.finish_reason ?? null }],
});

export function usage(result: ClassifyResult) {
  return {
    prompt_tokens: result.tokens.prompt,
    completion_tokens: result.tokens.generated,
    total_tokens: result.tokens.prompt + result.tokens.generated,
    // The policy prefix restored from the snapshot of an earlier request with the same system message.
    prompt_tokens_details: { cached_tokens: result.tokens.policyPrefilled === 0 ? result.tokens.policy : 0 },
  };
}

/** "stop" when the model ended its answer, "length" when the token limit cut it. */
export const finishReason = (result: ClassifyResult) => (result.stop === 'return' ? 'stop' : 'length');

export const usageChunk = (ids: CompletionIds, result: ClassifyResult) => ({
  id: ids.id, object: 'chat.completion.chunk', created: ids.created, model: ids.model, choices: [], usage: usage(result),
});

export function completion(ids: CompletionIds, result: ClassifyResult, logprobs: TokenLogprob[] | null) {
  return {
    id: ids.id, object: 'chat.completion', created: ids.created, model: ids.model,
    choices: [{
      index: 0,
      message: { role: 'assistant', content: result.answer, reasoning: result.reasoning || null },
      logprobs: logprobs ? { content: logprobs } : null,
      finish_reason: finishReason(result),
    }],
    usage: usage(result),
  };
}

/** OpenAI's error body. */
export const errorBody = (message: string, type: string, param: string | null = null, code: string | null = null) => ({ error: { message, type, param, code } });
