import { describe, expect, it } from 'vitest';
import { checkForm, initialForm } from './bench-form';

describe('benchmark form', () => {
  it('turns the defaults into the speed issue’s verdict (600 policy, 150 content, 105 answer tokens)', () => {
    const checked = checkForm(initialForm());
    expect(checked).toEqual({ request: { shape: 'gpt-oss-20b', promptTokens: 1024, decodeTokens: 32, verdict: { policyTokens: 600, contentTokens: 150, generatedTokens: 105 }, memoryBudget: undefined } });
  });

  it('reads the memory limit in GB', () => {
    const checked = checkForm({ ...initialForm(), budgetGb: '8' });
    expect('request' in checked && checked.request.memoryBudget).toBe(8e9);
  });

  it('names every bad field', () => {
    const checked = checkForm({ ...initialForm(), prompt: '1.5', generated: '0', budgetGb: '-2' });
    expect('problems' in checked && checked.problems).toEqual([
      'Prompt tokens must be a whole number from 2 to 32,768 (got "1.5").',
      'Answer tokens must be a whole number from 1 to 4,096 (got "0").',
      'The memory limit must be a number of GB above 0, or empty for no limit (got "-2").',
    ]);
  });
});
