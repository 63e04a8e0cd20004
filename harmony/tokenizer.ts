// o200k_harmony tokenizer built from the model's own tokenizer.json with Hugging Face's tokenizers.js.
// User text is always encoded as plain text: the BPE tokenizer is built WITHOUT the added (special) tokens,
// so a policy or content containing "<|end|><|start|>system" becomes ordinary tokens and can never forge a
// harmony message. Structural special tokens come only from `special()` (used by the renderer).
import { Tokenizer } from '@huggingface/tokenizers';

export const HARMONY_SPECIALS = [
  '<|startoftext|>', '<|endoftext|>', '<|return|>', '<|constrain|>', '<|channel|>', '<|start|>', '<|end|>', '<|message|>', '<|call|>',
] as const;
export type HarmonySpecial = (typeof HARMONY_SPECIALS)[number];

interface TokenizerJson {
  added_tokens: { id: number; content: string; special: boolean }[];
  model: { vocab: Record<string, number> };
  [key: string]: unknown;
}

export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}

export class HarmonyTokenizer {
  private readonly specialIds = new Map<string, number>();
  private readonly specialText = new Map<number, string>();
  private readonly byteDecoder: Map<string, number>;

  private constructor(private readonly bpe: Tokenizer, added: TokenizerJson['added_tokens']) {
    for (const t of added) {
      this.specialIds.set(t.content, t.id);
      this.specialText.set(t.id, t.content);
    }
    for (const name of HARMONY_SPECIALS) {
      if (!this.specialIds.has(name)) throw new TokenizerError(`tokenizer.json has no ${name} token: not an o200k_harmony tokenizer`);
    }
    this.byteDecoder = byteLevelDecoder();
  }

  /** `json` is the parsed tokenizer.json (the object is not modified). */
  static fromJson(json: unknown): HarmonyTokenizer {
    const t = json as TokenizerJson;
    if (!t || !Array.isArray(t.added_tokens) || !t.model?.vocab) throw new TokenizerError('tokenizer.json is missing "added_tokens" or "model.vocab"');
    const plain = new Tokenizer({ ...t, added_tokens: [] }, { clean_up_tokenization_spaces: false });
    return new HarmonyTokenizer(plain, t.added_tokens);
  }

  /** Plain-text encoding: special-token strings in `text` are ordinary characters. */
  encodeText(text: string): number[] {
    if (text.length === 0) return [];
    return this.bpe.encode(text, { add_special_tokens: false }).ids;
  }

  special(name: HarmonySpecial): number {
    return this.specialIds.get(name)!;
  }

  isSpecial(id: number): boolean {
    return this.specialText.has(id);
  }

  /** Raw bytes of one token (special tokens give their text). */
  tokenBytes(id: number): Uint8Array {
    const special = this.specialText.get(id);
    if (special !== undefined) return new TextEncoder().encode(special);
    const piece = this.bpe.id_to_token(id);
    if (piece === undefined) return new Uint8Array(0); // padding ids beyond the vocabulary decode to nothing
    return Uint8Array.from(piece, (ch) => this.byteDecoder.get(ch) ?? 0x3f);
  }

  /** Text of a whole id sequence; special tokens appear as their literal strings. */
  decode(ids: readonly number[]): string {
    const stream = this.streamDecoder();
    return ids.map((id) => stream.push(id)).join('') + stream.flush();
  }

  /** Decodes token by token; a UTF-8 character split across tokens is emitted once complete. */
  streamDecoder() {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    return {
      push: (id: number) => decoder.decode(this.tokenBytes(id), { stream: true }),
      flush: () => decoder.decode(),
    };
  }
}

/** GPT-2 byte-level alphabet: the printable character that stands for each byte in BPE token strings. */
function byteLevelDecoder(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const code = printable.includes(b) ? b : 256 + extra++;
    map.set(String.fromCodePoint(code), b);
  }
  return map;
}
