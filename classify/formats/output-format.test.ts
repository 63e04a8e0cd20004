import { expect, test } from 'vitest';
import { parseVerdict } from '../parse-verdict';
import { OUTPUT_FORMAT_SECTIONS, outputFormatOf, parseFormatName, withOutputFormat } from './output-format';

const policy = (format: string, tail = '') => `# P\n\n## INSTRUCTIONS\nJudge it.\n\n${format}\n${tail}`;

test('switching binary → json → binary rewrites only the OUTPUT FORMAT section', () => {
  const binary = policy(OUTPUT_FORMAT_SECTIONS.binary);
  const json = withOutputFormat(binary, { kind: 'json' });
  expect(json).toBe(policy(OUTPUT_FORMAT_SECTIONS.json));
  expect(outputFormatOf(json)).toEqual({ kind: 'json' });
  expect(withOutputFormat(json, { kind: 'binary' })).toBe(binary);
});

test('a section followed by another heading keeps that heading and what follows', () => {
  const text = policy(OUTPUT_FORMAT_SECTIONS.binary, '\n## EXAMPLES\n- "x" → 0\n');
  const json = withOutputFormat(text, { kind: 'json' });
  expect(json).toContain(`${OUTPUT_FORMAT_SECTIONS.json}\n\n## EXAMPLES\n- "x" → 0\n`);
  expect(json.startsWith('# P\n\n## INSTRUCTIONS\nJudge it.\n\n')).toBe(true);
  expect(outputFormatOf(json)).toEqual({ kind: 'json' });
});

test('a policy without the section gets one appended; one with its own wording is not recognised', () => {
  expect(outputFormatOf('# P\nJudge it.')).toBeNull();
  expect(withOutputFormat('# P\nJudge it.\n', { kind: 'binary' })).toBe(`# P\nJudge it.\n\n${OUTPUT_FORMAT_SECTIONS.binary}\n`);
  const own = '# P\n\n## OUTPUT FORMAT\nSay yes or no.\n';
  expect(outputFormatOf(own)).toBeNull();
  expect(outputFormatOf(withOutputFormat(own, { kind: 'json' }))).toEqual({ kind: 'json' });
});

test('a label-set section is written, recognised with its labels, and parsed by the same module', () => {
  const format = { kind: 'labels' as const, labels: ['SP0', 'SP2', 'SP4'] };
  const text = withOutputFormat(policy(OUTPUT_FORMAT_SECTIONS.binary), format);
  expect(text).toContain('Return exactly one of these labels and nothing else: SP0, SP2, SP4.');
  expect(outputFormatOf(text)).toEqual(format);
  expect(parseFormatName('labels:SP0,SP2,SP4')).toEqual(format);
  expect(parseVerdict(' SP2', format)).toMatchObject({ label: 'SP2', valueSpan: [1, 4], problems: [] });
});
