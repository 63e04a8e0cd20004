// The verdict card rendered to HTML (react-dom/server): an inconclusive answer says what to try, a disagreement
// with a labelled example is marked, and the card names the model, policy and settings that produced it.
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import type { ClassifyResult } from '../../../classify/request';
import { inconclusive } from '../../../classify/verdict';
import { ResultCard } from './ResultCard';

const result = (verdict: ClassifyResult['verdict']) =>
  ({ verdict, answer: verdict.answer, probability: null, reasoning: 'r', tokens: { prompt: 10, policy: 5, policyPrefilled: 5, generated: 3 }, timings: { prefillTokensPerS: 1, decodeTokensPerS: 1, totalMs: 1000 } }) as unknown as ClassifyResult;
const meta = { model: 'gpt-oss-safeguard-20b', policy: 'Spam Policy (SP)', policyEdited: true, effort: 'high', maxTokens: 4096 };

test('an inconclusive answer comes with what to do next', () => {
  const html = renderToStaticMarkup(<ResultCard result={result(inconclusive('maybe?', ['no 0 or 1 found']))} reasoning="" answer="" running={false} expected={null} meta={meta} />);
  expect(html).toContain('data-testid="inconclusive-hint"');
  expect(html).toContain('Try again with higher reasoning effort or a larger answer limit');
  expect(html).toContain('gpt-oss-safeguard-20b · policy “Spam Policy (SP)” (edited) · high reasoning · answer limit 4,096 tokens');
});

test('a verdict that differs from the labelled example is marked as such; one that agrees is not', () => {
  const v = { ...inconclusive('1', []), label: 'violation', violation: 1 as const };
  const differs = renderToStaticMarkup(<ResultCard result={result(v)} reasoning="" answer="" running={false} expected={{ label: 0, rules: [], content: 'x' }} meta={null} />);
  expect(differs).toMatch(/class="expected-differs"[^>]*>✗ Labelled example: expected 0/);
  expect(differs).not.toContain('inconclusive-hint');
  const agrees = renderToStaticMarkup(<ResultCard result={result(v)} reasoning="" answer="" running={false} expected={{ label: 1, rules: ['SP5'], content: 'x' }} meta={null} />);
  expect(agrees).toContain('class="expected-agrees"');
});
