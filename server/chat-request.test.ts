// The request checks of safeguard serve: what is accepted and how it maps onto a classification, and the
// sentence each refusal carries.
import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './chat-request';

const base = { model: 'm', messages: [{ role: 'system', content: 'policy' }, { role: 'user', content: 'item' }] };
const refusal = (body: unknown) => {
  try {
    parseChatRequest(body);
    return null;
  } catch (error) {
    return { message: (error as Error).message, param: (error as { param: string | null }).param };
  }
};

describe('parseChatRequest', () => {
  it('maps the system message to the policy, the user message to the content, and fills vLLM-like defaults', () => {
    expect(parseChatRequest(base)).toEqual({
      model: 'm', policy: 'policy', content: 'item', effort: 'medium', maxTokens: null, stream: false, includeUsage: false,
      logprobs: false, topLogprobs: 0, temperature: 0, topP: undefined, seed: undefined,
    });
  });

  it('takes a developer message, content given as text parts, max_completion_tokens and stream options', () => {
    const parsed = parseChatRequest({
      model: 'm', stream: true, stream_options: { include_usage: true }, max_completion_tokens: 64, reasoning_effort: 'high', logprobs: true, top_logprobs: 1,
      messages: [{ role: 'developer', content: [{ type: 'text', text: 'pol' }, { type: 'text', text: 'icy' }] }, { role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    expect(parsed).toMatchObject({ policy: 'policy', content: 'x', maxTokens: 64, effort: 'high', stream: true, includeUsage: true, logprobs: true, topLogprobs: 1 });
  });

  it('accepts a user message alone (empty policy)', () => {
    expect(parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).toMatchObject({ policy: '', content: 'x' });
  });

  it('refuses what it cannot honour exactly, naming the field', () => {
    expect(refusal({ ...base, stop: ['x'] })).toEqual({ message: 'unknown field "stop": this server does not support it', param: 'stop' });
    expect(refusal({ ...base, n: 3 })).toMatchObject({ param: 'n', message: expect.stringMatching(/n must be 1/) });
    expect(refusal({ ...base, reasoning_effort: 'extreme' })).toMatchObject({ param: 'reasoning_effort' });
    expect(refusal({ ...base, max_tokens: 0 })).toMatchObject({ param: 'max_tokens' });
    expect(refusal({ ...base, max_tokens: 10, max_completion_tokens: 20 })).toMatchObject({ param: 'max_tokens', message: expect.stringMatching(/disagree/) });
    expect(refusal({ ...base, temperature: 0.7, top_logprobs: 1 })).toMatchObject({ param: 'top_logprobs', message: expect.stringMatching(/greedy/) });
    expect(refusal({ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'late policy' }] })).toMatchObject({ param: 'messages' });
    expect(refusal({ ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] })?.param).toMatch(/^messages/);
    expect(refusal([])).toMatchObject({ param: null });
  });
});
