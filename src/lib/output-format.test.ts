import { expect, test } from 'vitest';
import { OUTPUT_FORMAT_SECTIONS, outputFormatOf, withOutputFormat } from './output-format';

const policy = (format: string, tail = '') => `# P\n\n## INSTRUCTIONS\nJudge it.\n\n${format}\n${tail}`;

test('switching binary → json → binary rewrites only the OUTPUT FORMAT section', () => {
  const binary = policy(OUTPUT_FORMAT_SECTIONS.binary);
  const json = withOutputFormat(binary, 'json');
  expect(json).toBe(policy(OUTPUT_FORMAT_SECTIONS.json));
  expect(outputFormatOf(json)).toBe('json');
  expect(withOutputFormat(json, 'binary')).toBe(binary);
});

test('a section followed by another heading keeps that heading and what follows', () => {
  const text = policy(OUTPUT_FORMAT_SECTIONS.binary, '\n## EXAMPLES\n- "x" → 0\n');
  const json = withOutputFormat(text, 'json');
  expect(json).toContain(`${OUTPUT_FORMAT_SECTIONS.json}\n\n## EXAMPLES\n- "x" → 0\n`);
  expect(json.startsWith('# P\n\n## INSTRUCTIONS\nJudge it.\n\n')).toBe(true);
  expect(outputFormatOf(json)).toBe('json');
});

test('a policy without the section gets one appended; one with its own wording is not recognised', () => {
  expect(outputFormatOf('# P\nJudge it.')).toBeNull();
  expect(withOutputFormat('# P\nJudge it.\n', 'binary')).toBe(`# P\nJudge it.\n\n${OUTPUT_FORMAT_SECTIONS.binary}\n`);
  const own = '# P\n\n## OUTPUT FORMAT\nSay yes or no.\n';
  expect(outputFormatOf(own)).toBeNull();
  expect(outputFormatOf(withOutputFormat(own, 'json'))).toBe('json');
});
