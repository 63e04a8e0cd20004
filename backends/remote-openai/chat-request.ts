// A classification as an OpenAI chat completion request. The policy goes in the system message and the content
// in the user message: vLLM, LM Studio and Ollama render gpt-oss prompts in harmony from these, the system message
// becoming the developer "# Instructions" exactly as our local engine writes it.
import type { ClassifyRequest } from '../../classify/request';

export interface ChatRequestOptions {
  model: string;
  /** Ask for the answer tokens' logprobs (the label probability). Off for servers that refuse the field. */
  logprobs: boolean;
}

export function chatRequestBody(request: ClassifyRequest, { model, logprobs }: ChatRequestOptions) {
  return {
    model,
    messages: [
      { role: 'system' as const, content: request.policy },
      { role: 'user' as const, content: request.content },
    ],
    stream: true as const,
    stream_options: { include_usage: true },
    reasoning_effort: request.effort,
    max_tokens: request.maxTokens,
    // Greedy unless the request asks otherwise, as the local engine is.
    temperature: request.temperature ?? 0,
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(request.seed !== undefined && { seed: request.seed }),
    ...(logprobs && { logprobs: true }),
  };
}
