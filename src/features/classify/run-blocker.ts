// Why Run cannot be pressed right now, in words (a greyed-out button alone explains nothing), or null.
import type { PromptSize } from '../../../backends/local-webgpu/local-backend';

interface RunState {
  ready: boolean;
  running: boolean;
  policy: string;
  content: string;
  size: PromptSize | null;
  maxTokens: number;
}

export function runBlocker({ ready, policy, content, size, maxTokens }: RunState): string | null {
  if (!ready) return 'Load the model first (Model panel above).';
  if (!policy.trim()) return 'Write a policy, or pick one above.';
  if (!content.trim()) return 'Paste the content to classify.';
  if (size && size.promptTokens + maxTokens > size.capacity) {
    const over = size.promptTokens + maxTokens - size.capacity;
    return `Too long by ${over.toLocaleString('en')} tokens: the prompt (${size.promptTokens.toLocaleString('en')}) plus the answer limit (${maxTokens.toLocaleString('en')}) must fit the ${size.capacity.toLocaleString('en')}-token context. Shorten the policy or content, or lower the answer limit.`;
  }
  return null;
}
