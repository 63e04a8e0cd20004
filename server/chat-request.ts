// What `safeguard serve` accepts at POST /v1/chat/completions, checked field by field (zod, strict): a request it
// cannot honour exactly is refused with a 400 naming the field, never half-served. One request classifies one
// item: an optional system/developer message (the policy) and one user message (the content), as vLLM maps them
// onto harmony for gpt-oss.
import { z } from 'zod';
import type { ReasoningEffort } from '../harmony/render';

const textContent = z.union([
  z.string(),
  z.array(z.strictObject({ type: z.literal('text'), text: z.string() })).transform((parts) => parts.map((p) => p.text).join('')),
]);
const message = z.strictObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: textContent, name: z.string().optional() });

const schema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
  reasoning_effort: z.enum(['low', 'medium', 'high']).optional(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  // Greedy decoding knows the chosen token's probability, which is the top-1: more alternatives are not computed.
  top_logprobs: z.number().int().min(0).max(1, 'this server reports the chosen token only: top_logprobs may be 0 or 1').nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  n: z.literal(1, 'this server writes one choice per request: n must be 1').nullish(),
  user: z.string().optional(),
});

export interface ChatRequest {
  model: string;
  policy: string;
  content: string;
  effort: ReasoningEffort;
  maxTokens: number | null;
  stream: boolean;
  includeUsage: boolean;
  logprobs: boolean;
  topLogprobs: number;
  temperature: number;
  topP: number | undefined;
  seed: number | undefined;
}

/** Why a request was refused: OpenAI's invalid_request_error with the offending parameter. */
export class BadChatRequest extends Error {
  constructor(message: string, readonly param: string | null) {
    super(message);
    this.name = 'BadChatRequest';
  }
}

export function parseChatRequest(body: unknown): ChatRequest {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const param = [...issue.path, ...keys.slice(0, 1)].join('.') || null;
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')}: this server does not support it` : `${param ?? 'body'}: ${issue.message}`;
    throw new BadChatRequest(message, param);
  }
  const r = parsed.data;
  const instructions = r.messages.filter((m) => m.role === 'system' || m.role === 'developer');
  const users = r.messages.filter((m) => m.role === 'user');
  const others = r.messages.filter((m) => m.role === 'assistant' || m.role === 'tool');
  if (others.length || users.length !== 1 || instructions.length > 1 || (instructions.length === 1 && r.messages[0] !== instructions[0])) {
    throw new BadChatRequest('messages: this server classifies one item per request: at most one system (or developer) message with the policy, first, then one user message with the content', 'messages');
  }
  if (r.max_tokens && r.max_completion_tokens && r.max_tokens !== r.max_completion_tokens) {
    throw new BadChatRequest('max_tokens and max_completion_tokens disagree: send one of them', 'max_tokens');
  }
  const temperature = r.temperature ?? 0;
  if ((r.top_logprobs ?? 0) > 0 && temperature > 0) {
    throw new BadChatRequest('top_logprobs needs greedy decoding (temperature 0) here: a sampled token is not always the most likely one', 'top_logprobs');
  }
  return {
    model: r.model,
    policy: instructions[0]?.content ?? '',
    content: users[0].content,
    effort: r.reasoning_effort ?? 'medium',
    maxTokens: r.max_completion_tokens ?? r.max_tokens ?? null,
    stream: r.stream ?? false,
    includeUsage: r.stream_options?.include_usage ?? false,
    logprobs: r.logprobs ?? false,
    topLogprobs: r.top_logprobs ?? 0,
    temperature,
    topP: r.top_p ?? undefined,
    seed: r.seed ?? undefined,
  };
}
