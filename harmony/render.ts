// Renders a classification prompt in the harmony format, as gpt-oss-safeguard expects it:
//   system (identity, knowledge cutoff, date, reasoning effort, channels) → developer "# Instructions" + policy
//   → user content → "<|start|>assistant" (the generation prompt).
// Structural tokens are inserted here as ids; policy and content are encoded as plain text only.
import type { HarmonySpecial, HarmonyTokenizer } from './tokenizer';

export type ReasoningEffort = 'low' | 'medium' | 'high';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high'];

export const MODEL_IDENTITY = 'You are ChatGPT, a large language model trained by OpenAI.';
export const KNOWLEDGE_CUTOFF = '2024-06';
const CHANNELS_LINE = '# Valid channels: analysis, commentary, final. Channel must be included for every message.';

export interface PromptParts {
  policy: string;
  effort: ReasoningEffort;
  /** YYYY-MM-DD. The Hugging Face chat template always writes it; null omits the line (harmony's default). */
  date: string | null;
}

export interface RenderedPrompt {
  ids: number[];
  /** The same prompt as text, special tokens written out (for display and debugging). */
  text: string;
  /** Tokens up to and including the end of the developer message: the reusable policy prefix. */
  prefixLength: number;
}

type Segment = { special: HarmonySpecial } | { text: string };

export function systemMessage(effort: ReasoningEffort, date: string | null): string {
  if (!REASONING_EFFORTS.includes(effort)) throw new RangeError(`reasoning effort must be low, medium or high, got ${JSON.stringify(effort)}`);
  if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const top = [MODEL_IDENTITY, `Knowledge cutoff: ${KNOWLEDGE_CUTOFF}`, ...(date ? [`Current date: ${date}`] : [])].join('\n');
  return [top, `Reasoning: ${effort}`, CHANNELS_LINE].join('\n\n');
}

function message(role: string, body: string): Segment[] {
  return [{ special: '<|start|>' }, { text: role }, { special: '<|message|>' }, { text: body }, { special: '<|end|>' }];
}

function encode(tokenizer: HarmonyTokenizer, segments: Segment[]): { ids: number[]; text: string } {
  const ids: number[] = [];
  let text = '';
  for (const s of segments) {
    if ('special' in s) {
      ids.push(tokenizer.special(s.special));
      text += s.special;
    } else {
      ids.push(...tokenizer.encodeText(s.text));
      text += s.text;
    }
  }
  return { ids, text };
}

/** The policy prefix: system + developer messages. Identical for every item classified under one policy. */
export function renderPolicyPrefix(tokenizer: HarmonyTokenizer, parts: PromptParts) {
  return encode(tokenizer, [...message('system', systemMessage(parts.effort, parts.date)), ...message('developer', `# Instructions\n\n${parts.policy}`)]);
}

/** The per-item suffix: the user message with the content, then the assistant generation prompt. */
export function renderContentSuffix(tokenizer: HarmonyTokenizer, content: string) {
  return encode(tokenizer, [...message('user', content), { special: '<|start|>' }, { text: 'assistant' }]);
}

export function renderPrompt(tokenizer: HarmonyTokenizer, parts: PromptParts & { content: string }): RenderedPrompt {
  const prefix = renderPolicyPrefix(tokenizer, parts);
  const suffix = renderContentSuffix(tokenizer, parts.content);
  return { ids: [...prefix.ids, ...suffix.ids], text: prefix.text + suffix.text, prefixLength: prefix.ids.length };
}
