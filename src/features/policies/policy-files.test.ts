import { expect, test } from 'vitest';
import { markdownFileName, MAX_POLICY_FILE_BYTES, readPolicyFile, uniqueName } from './policy-files';

const file = (parts: BlobPart[], name: string) => new File(parts, name, { type: 'text/markdown' });

test('a Markdown policy is named after its first heading; BOM and CRLF are normalised', async () => {
  const p = await readPolicyFile(file(['\uFEFF# Hate Speech (HS)\r\n\r\n## INSTRUCTIONS\r\nJudge.\r\n'], 'hs.md'));
  expect(p).toEqual({ name: 'Hate Speech (HS)', text: '# Hate Speech (HS)\n\n## INSTRUCTIONS\nJudge.\n' });
});

test('without a heading the file name (minus .md) is the name', async () => {
  expect((await readPolicyFile(file(['Flag anything rude.'], 'rude-words.md'))).name).toBe('rude-words');
});

test('binary, invalid UTF-8, empty and oversized files are refused with a reason', async () => {
  await expect(readPolicyFile(file([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00])], 'scan.pdf'))).rejects.toThrow(/scan\.pdf is not a text file/);
  await expect(readPolicyFile(file(['abc\u0000def'], 'x.md'))).rejects.toThrow(/binary data/);
  await expect(readPolicyFile(file(['  \n\n'], 'blank.md'))).rejects.toThrow(/blank\.md is empty/);
  await expect(readPolicyFile(file(['x'.repeat(MAX_POLICY_FILE_BYTES + 1)], 'big.md'))).rejects.toMatchObject({ name: 'PolicyFileError', message: expect.stringMatching(/under 100 kB/) });
});

test('export names are safe slugs', () => {
  expect(markdownFileName('Scams and Fraud Policy (SC)')).toBe('scams-and-fraud-policy-sc.md');
  expect(markdownFileName('Política de privacidad / v2')).toBe('politica-de-privacidad-v2.md');
  expect(markdownFileName('<script>')).toBe('script.md');
  expect(markdownFileName('???')).toBe('policy.md');
});

test('unique names count up', () => {
  expect(uniqueName('Spam copy', [])).toBe('Spam copy');
  expect(uniqueName('Spam copy', ['Spam copy', 'Spam copy (2)'])).toBe('Spam copy (3)');
});
