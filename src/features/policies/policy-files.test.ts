import { expect, test } from 'vitest';
import { markdownFileName, MAX_POLICY_FILE_BYTES, readPolicyFile, uniqueName } from './policy-files';

const file = (parts: BlobPart[], name: string) => new File(parts, name, { type: 'text/markdown' });

test('an imported policy is named after its file (minus .md); BOM and CRLF are normalised', async () => {
  const p = await readPolicyFile(file(['\uFEFF# Hate Speech (HS)\r\n\r\n## INSTRUCTIONS\r\nJudge.\r\n'], 'hs rules.md'));
  expect(p).toEqual({ name: 'hs rules', text: '# Hate Speech (HS)\n\n## INSTRUCTIONS\nJudge.\n' });
  expect((await readPolicyFile(file(['# Heading only'], '.md'))).name).toBe('Heading only');
});

test('Export then Import keeps the name (the old export slugged it while import took the heading)', async () => {
  for (const name of ['Spam Policy (SP) copy', 'Política de privacidad v2', 'Team rules', 'Hate Speech <img src=x> (HS)']) {
    const exported = markdownFileName(name);
    const back = await readPolicyFile(file(['# A different heading\n\nText.'], exported));
    expect(back.name).toBe(name.replace(/[<>]/g, '-'));
  }
});

test('binary, invalid UTF-8, empty and oversized files are refused with a reason', async () => {
  await expect(readPolicyFile(file([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00])], 'scan.pdf'))).rejects.toThrow(/scan\.pdf is not a text file/);
  await expect(readPolicyFile(file(['abc\u0000def'], 'x.md'))).rejects.toThrow(/binary data/);
  await expect(readPolicyFile(file(['  \n\n'], 'blank.md'))).rejects.toThrow(/blank\.md is empty/);
  await expect(readPolicyFile(file(['x'.repeat(MAX_POLICY_FILE_BYTES + 1)], 'big.md'))).rejects.toMatchObject({ name: 'PolicyFileError', message: expect.stringMatching(/under 100 kB/) });
});

test('export names keep the name readable and drop only what file systems refuse', () => {
  expect(markdownFileName('Scams and Fraud Policy (SC)')).toBe('Scams and Fraud Policy (SC).md');
  expect(markdownFileName('Política / v2')).toBe('Política - v2.md');
  expect(markdownFileName('<script>')).toBe('script.md');
  expect(markdownFileName('???')).toBe('policy.md');
  expect(markdownFileName('../../etc/passwd')).toBe('etc-passwd.md');
});

test('unique names count up', () => {
  expect(uniqueName('Spam copy', [])).toBe('Spam copy');
  expect(uniqueName('Spam copy', ['Spam copy', 'Spam copy (2)'])).toBe('Spam copy (3)');
});
