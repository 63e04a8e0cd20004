// Why Run cannot be pressed right now, in words (a greyed-out button alone explains nothing), or null.
import type { PromptSize } from '../../../backends/local-webgpu/local-backend';

interface RunState {
  ready: boolean;
  running: boolean;
  policy: string;
  content: string;
  size: PromptSize | null;
  maxTokens: number;
  /** A batch is classifying (the GPU runs one thing at a time). */
  batchRunning?: boolean;
  /** The server host in server mode: it takes a single item beside a batch. */
  server?: string | null;
}

export function runBlocker({ ready, policy, content, size, maxTokens, batchRunning = false, server = null }: RunState): string | null {
  if (!ready) return server ? `Connect to the server first (Server settings, in the server line above).` : 'Load the model first (the model line above).';
  if (batchRunning && !server) return 'A batch is running (Batch & evaluate): pause it to classify a single item. The GPU runs one thing at a time.';
  if (!policy.trim()) return 'Write a policy, or pick one above.';
  if (!content.trim()) return 'Paste the content to classify.';
  if (size && size.promptTokens + maxTokens > size.capacity) {
    const over = size.promptTokens + maxTokens - size.capacity;
    return `Too long by ${over.toLocaleString('en')} tokens: the prompt (${size.promptTokens.toLocaleString('en')}) plus the answer limit (${maxTokens.toLocaleString('en')}) must fit the ${size.capacity.toLocaleString('en')}-token context. Shorten the policy or content, or lower the answer limit.`;
  }
  return null;
}
