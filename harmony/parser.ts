// Streaming parser for what the model writes after "<|start|>assistant":
//   <|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>final<|message|>…<|return|>
// It consumes token ids one by one, emits text deltas per channel, and never throws: unexpected tokens are
// recorded as problems and the raw text is always kept, so a malformed answer becomes an inconclusive verdict.
import type { HarmonyTokenizer } from './tokenizer';

export type StopReason = 'return' | 'call' | 'endoftext';

export interface ParsedMessage {
  channel: string;
  text: string;
  /** Index (in the generated tokens) of the first content token, for reading its logits. */
  contentStart: number;
  closed: boolean;
}

export interface ParseResult {
  messages: ParsedMessage[];
  /** All analysis-channel text (the reasoning). */
  reasoning: string;
  /** The final-channel text, or null when the model never opened a final message. */
  final: string | null;
  /** Index of the first token of the final message's content, or null. */
  finalStart: number | null;
  stop: StopReason | null;
  /** Everything generated, special tokens written out. */
  raw: string;
  problems: string[];
}

export interface ParserDelta {
  channel: string;
  text: string;
}

type State = 'header' | 'content' | 'between' | 'role' | 'done';

export class HarmonyParser {
  private state: State = 'header'; // the prompt already ended with "<|start|>assistant"
  private header = '';
  private readonly messages: ParsedMessage[] = [];
  private current: ParsedMessage | null = null;
  private decoder: ReturnType<HarmonyTokenizer['streamDecoder']>;
  private raw = '';
  private readonly rawStream: ReturnType<HarmonyTokenizer['streamDecoder']>;
  private readonly problems: string[] = [];
  private stop: StopReason | null = null;
  private index = 0;
  private readonly ids: Record<string, number>;

  constructor(private readonly tokenizer: HarmonyTokenizer) {
    this.decoder = tokenizer.streamDecoder();
    this.rawStream = tokenizer.streamDecoder();
    const s = (n: Parameters<HarmonyTokenizer['special']>[0]) => tokenizer.special(n);
    this.ids = {
      start: s('<|start|>'), end: s('<|end|>'), message: s('<|message|>'), channel: s('<|channel|>'), constrain: s('<|constrain|>'),
      return: s('<|return|>'), call: s('<|call|>'), endoftext: s('<|endoftext|>'),
    };
  }

  /** Tokens that end generation. `<|end|>` is not one: it closes the analysis message and the final follows. */
  isStop(id: number): boolean {
    return id === this.ids.return || id === this.ids.call || id === this.ids.endoftext;
  }

  get done(): boolean {
    return this.state === 'done';
  }

  /** The channel whose content the next token belongs to, or null outside message content. */
  get contentChannel(): string | null {
    return this.state === 'content' ? this.current!.channel : null;
  }

  /** Feeds one generated token; returns the text it added to a message, if any. */
  push(id: number): ParserDelta | null {
    const position = this.index++;
    this.raw += this.rawStream.push(id);
    const piece = () => this.tokenizer.decode([id]); // header text and problem messages only
    if (this.state === 'done') {
      this.problems.push(`token ${id} after the end of generation`);
      return null;
    }
    const ids = this.ids;
    if (this.isStop(id)) {
      this.stop = id === ids.return ? 'return' : id === ids.call ? 'call' : 'endoftext';
      if (this.state === 'content') this.closeMessage();
      else if (this.state !== 'between') this.problems.push(`generation stopped inside a message header`);
      this.state = 'done';
      return null;
    }
    switch (this.state) {
      case 'header':
      case 'role':
        if (id === ids.message) {
          this.openMessage(position + 1);
        } else if (id === ids.channel || id === ids.constrain || !this.tokenizer.isSpecial(id)) {
          this.header += id === ids.channel ? '<|channel|>' : id === ids.constrain ? '<|constrain|>' : piece();
        } else {
          this.problems.push(`unexpected ${piece().trim() || id} in a message header`);
        }
        return null;
      case 'content':
        if (id === ids.end) {
          this.closeMessage();
          this.state = 'between';
          return null;
        }
        if (this.tokenizer.isSpecial(id)) {
          this.problems.push(`unexpected ${piece()} inside a ${this.current!.channel} message`);
          return null;
        }
        return this.appendText(this.decoder.push(id));
      case 'between':
        if (id === ids.start) {
          this.state = 'role';
          this.header = '';
        } else {
          this.problems.push(`expected <|start|> after <|end|>, got ${JSON.stringify(piece())}`);
        }
        return null;
    }
    return null;
  }

  /** The result; call once, after the last token (also when generation was cut at the token limit). */
  result(): ParseResult {
    const problems = [...this.problems];
    const messages = this.messages.map((m) => ({ ...m }));
    if (this.current && !this.current.closed) {
      const open = { ...this.current, text: this.current.text + this.decoderTail() };
      messages.push(open);
    }
    if (this.state !== 'done') problems.push('generation ended without <|return|> (token limit reached?)');
    const finalMessage = messages.find((m) => m.channel === 'final');
    if (!finalMessage) problems.push('the model wrote no final-channel message');
    return {
      messages,
      reasoning: messages.filter((m) => m.channel === 'analysis').map((m) => m.text).join('\n'),
      final: finalMessage ? finalMessage.text : null,
      finalStart: finalMessage ? finalMessage.contentStart : null,
      stop: this.stop,
      raw: this.raw + this.rawStream.flush(),
      problems,
    };
  }

  private openMessage(contentStart: number) {
    // Header forms: "<|channel|>final", "assistant<|channel|>analysis", "… to=functions.x <|constrain|>json".
    const role = this.state === 'role' ? this.header.split('<|channel|>')[0].trim() : 'assistant';
    if (role !== 'assistant') this.problems.push(`message from role ${JSON.stringify(role)}`);
    const match = /<\|channel\|>\s*([A-Za-z_]+)/.exec(this.header);
    if (!match) this.problems.push(`message without a channel (header ${JSON.stringify(this.header)})`);
    this.current = { channel: match ? match[1] : 'unknown', text: '', contentStart, closed: false };
    this.decoder = this.tokenizer.streamDecoder();
    this.state = 'content';
  }

  private closeMessage() {
    if (!this.current) return;
    this.current.text += this.decoder.flush();
    this.current.closed = true;
    this.messages.push(this.current);
    this.current = null;
  }

  private appendText(text: string): ParserDelta | null {
    if (!text) return null;
    this.current!.text += text;
    return { channel: this.current!.channel, text };
  }

  private decoderTail(): string {
    return this.decoder.flush();
  }
}
