// The policy's "## OUTPUT FORMAT" section is what tells the model how to answer, and the app's format selector
// is how the answer is parsed: the two must agree. Choosing a format rewrites that section in the editor, so the
// text the model receives is exactly the text the user sees.

export type PolicyOutputFormat = 'binary' | 'json';

const HEADING = '## OUTPUT FORMAT';

export const OUTPUT_FORMAT_SECTIONS: Record<PolicyOutputFormat, string> = {
  binary: [
    HEADING,
    'Return exactly one character: 0 or 1. No explanation, no punctuation.',
    '0 = the content does NOT violate this policy.',
    '1 = the content violates this policy.',
  ].join('\n'),
  json: [
    HEADING,
    'Return one JSON object and nothing else, with these fields:',
    '{"violation": 0 or 1, "policy_category": the main rule id or null, "rule_ids": [every rule id that applies],',
    ' "confidence": "low" | "medium" | "high", "rationale": "one or two sentences citing the rules"}',
    'For content that violates no rule use "violation": 0, "policy_category": null and "rule_ids": [].',
  ].join('\n'),
};

/** [start, end) of the OUTPUT FORMAT section (heading to the next "## " heading or the end), or null. */
function sectionSpan(policy: string): [number, number] | null {
  const heading = /^## OUTPUT FORMAT[^\n]*$/m.exec(policy);
  if (!heading) return null;
  const next = /^## /m.exec(policy.slice(heading.index + heading[0].length));
  return [heading.index, next ? heading.index + heading[0].length + next.index : policy.length];
}

/** Which of our formats the policy's OUTPUT FORMAT section asks for; null when it has none or its own wording. */
export function outputFormatOf(policy: string): PolicyOutputFormat | null {
  const span = sectionSpan(policy);
  if (!span) return null;
  const section = policy.slice(...span).trim();
  return (Object.keys(OUTPUT_FORMAT_SECTIONS) as PolicyOutputFormat[]).find((f) => OUTPUT_FORMAT_SECTIONS[f] === section) ?? null;
}

/** The policy with its OUTPUT FORMAT section replaced by (or, when missing, followed by) the given format's. */
export function withOutputFormat(policy: string, format: PolicyOutputFormat): string {
  const section = OUTPUT_FORMAT_SECTIONS[format];
  const span = sectionSpan(policy);
  if (!span) return `${policy.trimEnd()}\n\n${section}\n`;
  const after = policy.slice(span[1]);
  return `${policy.slice(0, span[0])}${section}\n${after ? `\n${after}` : ''}`;
}
