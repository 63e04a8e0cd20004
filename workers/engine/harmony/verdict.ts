// Turns the final-channel answer into a verdict, for the output formats the safeguard guide recommends:
//   binary: "0" / "1";  json: {"violation", "policy_category", "rule_ids", "confidence", "rationale"};
//   labels: one of a label set the policy declares (e.g. SP0..SP4).
// Whatever does not match is listed in `problems`; no final answer or no usable one → "inconclusive".

export type OutputFormat = { kind: 'binary' } | { kind: 'json' } | { kind: 'labels'; labels: string[] };

export interface Verdict {
  /** "violation", "no violation", one of the policy's labels, or "inconclusive". */
  label: string;
  /** 1 / 0 where the format says so, null when unknown. */
  violation: 0 | 1 | null;
  category: string | null;
  ruleIds: string[];
  confidence: string | null;
  rationale: string | null;
  /** What did not match the expected format. Empty for a clean answer. */
  problems: string[];
  /** The final-channel text as written. */
  answer: string | null;
  /** Where in `answer` the verdict's value is written ([start, end) characters), for its probability. */
  valueSpan: [number, number] | null;
}

const inconclusive = (answer: string | null, problems: string[]): Verdict => ({
  label: 'inconclusive', violation: null, category: null, ruleIds: [], confidence: null, rationale: null, problems, answer, valueSpan: null,
});

const violationLabel = (v: 0 | 1) => (v === 1 ? 'violation' : 'no violation');

export function parseVerdict(answer: string | null, format: OutputFormat, upstreamProblems: string[] = []): Verdict {
  const problems = [...upstreamProblems];
  if (answer === null) return inconclusive(null, problems.length ? problems : ['no final answer']);
  const text = answer.trim();
  const lead = answer.indexOf(text); // offsets below are in `text`; spans are reported in `answer`
  switch (format.kind) {
    case 'binary': {
      const binary = (digit: string, at: number): Verdict => ({
        ...inconclusive(answer, problems),
        label: violationLabel(Number(digit) as 0 | 1),
        violation: Number(digit) as 0 | 1,
        valueSpan: [lead + at, lead + at + 1],
      });
      if (text === '0' || text === '1') return binary(text, 0);
      const lone = [...text.matchAll(/(?<![\w.])[01](?![\w.])/g)];
      if (lone.length > 0 && new Set(lone.map((m) => m[0])).size === 1) {
        problems.push(`expected exactly "0" or "1", got ${JSON.stringify(text.slice(0, 80))}; used the lone ${lone[0][0]}`);
        return binary(lone[0][0], lone[0].index!);
      }
      problems.push(`expected "0" or "1", got ${JSON.stringify(text.slice(0, 80))}`);
      return inconclusive(answer, problems);
    }
    case 'json':
      return parseJsonVerdict(answer, text, problems);
    case 'labels': {
      const found = format.labels
        .map((label) => ({ label, match: new RegExp(`(?<![\\w])${escapeRegExp(label)}(?![\\w])`).exec(text) }))
        .filter((f) => f.match !== null);
      if (found.length === 1) {
        const { label, match } = found[0];
        if (text !== label) problems.push(`expected only the label, got ${JSON.stringify(text.slice(0, 80))}`);
        return { ...inconclusive(answer, problems), label, valueSpan: [lead + match!.index, lead + match!.index + label.length] };
      }
      const names = found.map((f) => f.label);
      problems.push(names.length === 0 ? `none of the labels ${format.labels.join(', ')} in ${JSON.stringify(text.slice(0, 80))}` : `several labels in the answer: ${names.join(', ')}`);
      return inconclusive(answer, problems);
    }
  }
}

function parseJsonVerdict(answer: string, text: string, problems: string[]): Verdict {
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

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
