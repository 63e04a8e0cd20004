// Response shapes of the servers we support, written from their documentation and API references (not captured
// from our own server): what a streamed gpt-oss answer, a model list and an error look like from each.
//   vLLM:      reasoning in delta.reasoning (0.10+; delta.reasoning_content before), logprobs per chunk,
//              usage in a last chunk with empty choices, errors as {"object": "error", "message", "type", "code"}.
//   Ollama:    /v1 compatibility layer: delta.reasoning, no logprobs unless asked and supported, errors as
//              {"error": {"message", "type"}}; its native API names the reasoning "thinking".
//   LM Studio: delta.reasoning_content (with "separate reasoning_content" on), errors as {"error": "text"}.

const chunk = (model: string, delta: object, extra: object = {}) => ({
  id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1763800000, model, choices: [{ index: 0, delta, finish_reason: null, ...extra }],
});
const lp = (token: string, logprob: number) => ({ token, logprob, bytes: [...new TextEncoder().encode(token)], top_logprobs: [] });

export const VLLM_MODEL = 'openai/gpt-oss-safeguard-20b';
export const VLLM_STREAM = [
  chunk(VLLM_MODEL, { role: 'assistant', content: '' }),
  chunk(VLLM_MODEL, { reasoning: 'The content advertises' }, { logprobs: { content: [lp('The', -0.01), lp(' content', -0.02), lp(' advertises', -0.1)] } }),
  chunk(VLLM_MODEL, { reasoning: ' watches: rule SP1.' }, { logprobs: { content: [lp(' watches', -0.05), lp(':', -0.01), lp(' rule', -0.2), lp(' SP1.', -0.1)] } }),
  chunk(VLLM_MODEL, { content: '1' }, { logprobs: { content: [lp('1', Math.log(0.9))] } }),
  { ...chunk(VLLM_MODEL, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] },
  { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1763800000, model: VLLM_MODEL, choices: [], usage: { prompt_tokens: 812, completion_tokens: 9, total_tokens: 821, prompt_tokens_details: { cached_tokens: 640 } } },
];
export const VLLM_MODELS = { object: 'list', data: [{ id: VLLM_MODEL, object: 'model', created: 1763800000, owned_by: 'vllm', max_model_len: 131072 }] };
export const VLLM_CONTEXT_ERROR = {
  object: 'error', type: 'BadRequestError', param: null, code: 400,
  message: "This model's maximum context length is 8192 tokens. However, you requested 9500 tokens (1308 in the messages, 8192 in the completion). Please reduce the length of the messages or completion.",
};

export const OLLAMA_MODEL = 'gpt-oss-safeguard:20b';
export const OLLAMA_STREAM = [
  chunk(OLLAMA_MODEL, { role: 'assistant', content: '', reasoning: 'Personal message,' }),
  chunk(OLLAMA_MODEL, { role: 'assistant', content: '', reasoning: ' no promotion.' }),
  chunk(OLLAMA_MODEL, { role: 'assistant', content: '{"violation": 0, "policy_category": null, "rule_ids": [], ' }),
  chunk(OLLAMA_MODEL, { role: 'assistant', content: '"confidence": "high", "rationale": "A note to a friend."}' }),
  { ...chunk(OLLAMA_MODEL, { role: 'assistant', content: '' }), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] },
];
export const OLLAMA_MODELS = { object: 'list', data: [{ id: OLLAMA_MODEL, object: 'model', created: 1763800000, owned_by: 'library' }] };
export const OLLAMA_NOT_FOUND = { error: { message: `model "gpt-oss-safeguard:120b" not found, try pulling it first`, type: 'api_error', param: null, code: null } };

export const LMSTUDIO_MODEL = 'openai/gpt-oss-safeguard-20b';
export const LMSTUDIO_STREAM = [
  chunk(LMSTUDIO_MODEL, { role: 'assistant', reasoning_content: 'Spam: unsolicited links' }),
  chunk(LMSTUDIO_MODEL, { reasoning_content: ' to a shop.' }),
  chunk(LMSTUDIO_MODEL, { content: 'SP' }, { logprobs: { content: [lp('SP', Math.log(0.99))] } }),
  chunk(LMSTUDIO_MODEL, { content: '3' }, { logprobs: { content: [lp('3', Math.log(0.6))] } }),
  { ...chunk(LMSTUDIO_MODEL, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] },
];
export const LMSTUDIO_MODELS = { object: 'list', data: [{ id: LMSTUDIO_MODEL, object: 'model', owned_by: 'organization_owner' }] };
export const LMSTUDIO_ERROR = { error: "Model 'openai/gpt-oss-safeguard-20b' is not loaded. Load it in LM Studio first." };

/** Ollama's native /api/chat names the reasoning "thinking"; some proxies pass that name through to /v1. */
export const THINKING_STREAM = [
  chunk(OLLAMA_MODEL, { thinking: 'Borderline, but a sale.' }),
  chunk(OLLAMA_MODEL, { content: '1' }),
  { ...chunk(OLLAMA_MODEL, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
];

/** A server (vLLM with some reasoning parsers) that lists every token's logprob in the chunk with the answer. */
export const ALL_LOGPROBS_AT_END = [
  chunk(VLLM_MODEL, { reasoning: 'Fine.' }),
  chunk(VLLM_MODEL, { content: '0' }, { logprobs: { content: [lp('Fine', -0.1), lp('.', -0.1), lp('0', Math.log(0.7)), lp('<|return|>', -0.01)] } }),
  { ...chunk(VLLM_MODEL, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
];

/** Server-sent events as a server writes them. */
export const sse = (chunks: object[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
