// The preset policies follow the guide: its section structure, 400-600 tokens (counted with the model's own
// tokenizer), rule ids that the examples cite, a canonical OUTPUT FORMAT section the format selector can swap,
// and a labelled example set with both labels whose rules exist in the policy.
import { beforeAll, describe, expect, test } from 'vitest';
import type { HarmonyTokenizer } from '../../../harmony/tokenizer';
import { loadTestTokenizer } from '../../../testing/scripted-model-files';
import { outputFormatOf } from '../../../classify/formats/output-format';
import { BLANK_TEMPLATE, PRESET_POLICIES } from './policies';

const SECTIONS = ['## INSTRUCTIONS', '## DEFINITIONS', '## VIOLATES (1)', '## SAFE (0)', '## EXAMPLES', '## OUTPUT FORMAT'];

let tokenizer: HarmonyTokenizer;
beforeAll(async () => {
  tokenizer = await loadTestTokenizer();
});

test('six presets ship, among them the ones the issue names', () => {
  expect(PRESET_POLICIES.map((p) => p.id).sort()).toEqual(['harassment', 'personal-data', 'scams', 'self-harm', 'spam', 'violent-threats']);
});

describe.each(PRESET_POLICIES.map((p) => [p.id, p] as const))('%s', (_id, policy) => {
  const ruleIds = [...policy.text.matchAll(/^- ([A-Z]{2}\d) /gm)].map((m) => m[1]);

  test('has the guide sections in order, a title and rule ids', () => {
    const at = SECTIONS.map((s) => policy.text.indexOf(`\n${s}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(policy.title).not.toBe(policy.id);
    expect(ruleIds.length).toBeGreaterThanOrEqual(4);
  });

  test('is 400-600 tokens', () => {
    const n = tokenizer.encodeText(policy.text).length;
    expect(n).toBeGreaterThanOrEqual(400);
    expect(n).toBeLessThanOrEqual(600);
  });

  test('ends with the canonical binary OUTPUT FORMAT section', () => {
    expect(outputFormatOf(policy.text)).toEqual({ kind: 'binary' });
  });

  test('its in-policy examples cite only its own rules and use both labels', () => {
    const examples = policy.text.split('\n## EXAMPLES\n')[1].split('\n## ')[0];
    const labels = [...examples.matchAll(/→ ([01])/g)].map((m) => m[1]);
    expect(new Set(labels)).toEqual(new Set(['0', '1']));
    for (const cited of examples.matchAll(/\b([A-Z]{2}\d)\b/g)) expect(ruleIds).toContain(cited[1]);
  });

  test('has a labelled example set: both labels, violations cite existing rules, safe ones cite none', () => {
    expect(policy.examples.length).toBeGreaterThanOrEqual(6);
    expect(policy.examples.filter((e) => e.label === 1).length).toBeGreaterThanOrEqual(3);
    expect(policy.examples.filter((e) => e.label === 0).length).toBeGreaterThanOrEqual(3);
    for (const e of policy.examples) {
      expect(e.content.trim().length).toBeGreaterThan(0);
      if (e.label === 1) expect(e.rules.length).toBeGreaterThan(0);
      else expect(e.rules).toEqual([]);
      for (const r of e.rules) expect(ruleIds).toContain(r);
    }
  });
});

test('the blank template has every section, placeholders to fill and the binary output format', () => {
  for (const s of SECTIONS) expect(BLANK_TEMPLATE).toContain(`\n${s}\n`);
  expect(BLANK_TEMPLATE).toMatch(/\[Policy name\]/);
  expect(outputFormatOf(BLANK_TEMPLATE)).toEqual({ kind: 'binary' });
});
