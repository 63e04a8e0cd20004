// JSON output: {"violation", "policy_category", "rule_ids", "confidence", "rationale"}, as the safeguard guide
// recommends when a rationale is wanted.
import { inconclusive, violationLabel, type AnswerText, type Verdict } from '../verdict';

export const jsonSection = (heading: string) =>
  [
    heading,
    'Return one JSON object and nothing else, with these fields:',
    '{"violation": 0 or 1, "policy_category": the main rule id or null, "rule_ids": [every rule id that applies],',
    ' "confidence": "low" | "medium" | "high", "rationale": "one or two sentences citing the rules"}',
    'For content that violates no rule use "violation": 0, "policy_category": null and "rule_ids": [].',
  ].join('\n');

export function parseJson({ answer, text }: AnswerText, problems: string[]): Verdict {
  const body = text.replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    try {
      value = start >= 0 && end > start ? JSON.parse(body.slice(start, end + 1)) : undefined;
      if (value !== undefined) problems.push('text around the JSON object was ignored');
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`expected a JSON object, got ${JSON.stringify(text.slice(0, 80))}`);
    return inconclusive(answer, problems);
  }
  const o = value as Record<string, unknown>;
  let violation: 0 | 1 | null = null;
  if (o.violation === 0 || o.violation === 1) violation = o.violation;
  else if (o.violation === true || o.violation === false) {
    violation = o.violation ? 1 : 0;
    problems.push('"violation" is a boolean, expected 0 or 1');
  } else if (o.violation === '0' || o.violation === '1') {
    violation = Number(o.violation) as 0 | 1;
    problems.push('"violation" is a string, expected 0 or 1');
  } else problems.push(`"violation" must be 0 or 1, got ${JSON.stringify(o.violation)}`);

  const str = (key: string): string | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    problems.push(`"${key}" must be a string, got ${JSON.stringify(v)}`);
    return null;
  };
  const category = str('policy_category');
  const confidence = str('confidence');
  const rationale = str('rationale');
  let ruleIds: string[] = [];
  if (Array.isArray(o.rule_ids) && o.rule_ids.every((r) => typeof r === 'string')) ruleIds = o.rule_ids as string[];
  else if (o.rule_ids !== undefined && o.rule_ids !== null) problems.push(`"rule_ids" must be a list of strings, got ${JSON.stringify(o.rule_ids)}`);
  if (violation === 1 && category === null) problems.push('a violation without "policy_category"');
  const written = /"violation"\s*:\s*"?(0|1|true|false)/.exec(answer);
  const valueStart = written ? written.index + written[0].length - written[1].length : -1;

  return {
    label: violation === null ? 'inconclusive' : violationLabel(violation),
    violation,
    category,
    ruleIds,
    confidence,
    rationale,
    problems,
    answer,
    valueSpan: violation !== null && written ? [valueStart, valueStart + written[1].length] : null,
  };
}
