// Reads a streamed chat completion as servers actually send it: the reasoning under `reasoning` (vLLM ≥ 0.10,
// LM Studio, Ollama), `reasoning_content` (older vLLM, LM Studio's option) or `thinking` (Ollama's own name), the
// answer under `content`, logprobs per chunk, and usage in the last chunk.
import type { ClassifyEvent } from '../../classify/request';
import type { AnswerToken } from '../../classify/probability';

/** The fields of a chat.completion.chunk this reader uses (others are ignored). */
export interface ChunkLike {
  choices?: Array<{
    delta?: { content?: string | null; reasoning?: string | null; reasoning_content?: string | null; thinking?: string | null } | null;
    logprobs?: { content?: Array<{ token: string; logprob: number }> | null } | null;
    finish_reason?: string | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null;
}

export interface StreamedCompletion {
  reasoning: string;
  /** The answer (content), null when the server sent none. */
  answer: string | null;
  /** Logprobs of the tokens of chunks that carried answer text, as probabilities. */
  answerTokens: AnswerToken[];
  /** Logprobs of every token, whatever channel (a server may attach the reasoning's too). */
  allTokens: AnswerToken[];
  finishReason: string | null;
  usage: { prompt: number | null; completion: number | null; cachedPrompt: number | null };
  /** ms from the request to the first reasoning or answer text. */
  firstTextMs: number | null;
  /** Chunks that carried text (an upper bound of the tokens when the server reports no usage). */
  textChunks: number;
}

export const reasoningOf = (delta: NonNullable<NonNullable<ChunkLike['choices']>[number]['delta']>) =>
  delta.reasoning ?? delta.reasoning_content ?? delta.thinking ?? '';

export async function readCompletionStream(chunks: AsyncIterable<ChunkLike>, onEvent: (e: ClassifyEvent) => void, started = performance.now()): Promise<StreamedCompletion> {
  const out: StreamedCompletion = {
    reasoning: '', answer: null, answerTokens: [], allTokens: [], finishReason: null,
    usage: { prompt: null, completion: null, cachedPrompt: null }, firstTextMs: null, textChunks: 0,
  };
  for await (const chunk of chunks) {
    if (chunk.usage) {
      out.usage = {
        prompt: chunk.usage.prompt_tokens ?? null,
        completion: chunk.usage.completion_tokens ?? null,
        cachedPrompt: chunk.usage.prompt_tokens_details?.cached_tokens ?? null,
      };
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const reasoning = choice.delta ? reasoningOf(choice.delta) : '';
    const content = choice.delta?.content ?? '';
    const tokens = (choice.logprobs?.content ?? []).map((t) => ({ text: t.token, probability: Math.exp(t.logprob) }));
    out.allTokens.push(...tokens);
    if (reasoning || content) {
      out.firstTextMs ??= performance.now() - started;
      out.textChunks++;
    }
    if (reasoning) {
      out.reasoning += reasoning;
      onEvent({ type: 'reasoning', text: reasoning });
    }
    if (content) {
      out.answer = (out.answer ?? '') + content;
      out.answerTokens.push(...tokens);
      const probability = tokens.length ? tokens.reduce((p, t) => p * t.probability, 1) : undefined;
      onEvent({ type: 'answer', text: content, ...(probability !== undefined && { probability }) });
    }
    if (choice.finish_reason) out.finishReason = choice.finish_reason;
  }
  return out;
}

/**
 * The tokens that spell exactly `answer`: the answer chunks' own when they do, else the last run of all tokens
 * that does (servers that put the reasoning's logprobs in the same list, or a closing special token after it).
 */
export function alignAnswerTokens(answer: string, answerTokens: AnswerToken[], allTokens: AnswerToken[]): AnswerToken[] | null {
  const spells = (tokens: AnswerToken[]) => tokens.map((t) => t.text).join('') === answer;
  if (answerTokens.length && spells(answerTokens)) return answerTokens;
  for (let end = allTokens.length; end > 0 && end >= allTokens.length - 3; end--) {
    let text = '';
    for (let start = end - 1; start >= 0 && text.length < answer.length; start--) {
      text = allTokens[start].text + text;
      if (text === answer) return allTokens.slice(start, end);
    }
  }
  return null;
}
