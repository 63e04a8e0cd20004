// Importing and exporting policies as Markdown files. Imports are checked so a wrong file gives a message that
// says what is wrong and what to do, instead of a policy full of garbage.
import { policyTitle } from './policies';

/** A policy far beyond the guide's ~10,000-token ceiling would not fit the model's context anyway. */
export const MAX_POLICY_FILE_BYTES = 100_000;

export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

/** Reads a dropped or picked file as a policy: UTF-8 text, not empty, not huge. Its name is the file's name (as
 *  Export writes it), so a policy exported and imported again keeps its name; the heading is the fallback. */
export async function readPolicyFile(file: File): Promise<{ name: string; text: string }> {
  if (file.size > MAX_POLICY_FILE_BYTES) {
    throw new PolicyFileError(`${file.name} is ${Math.round(file.size / 1000)} kB; a policy file must be under ${MAX_POLICY_FILE_BYTES / 1000} kB. The guide's best range is 400-600 tokens (a few kB).`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new PolicyFileError(`${file.name} is not a text file (it is not valid UTF-8). Import a Markdown (.md) or plain text policy.`);
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.includes('\u0000')) throw new PolicyFileError(`${file.name} contains binary data. Import a Markdown (.md) or plain text policy.`);
  if (!text.trim()) throw new PolicyFileError(`${file.name} is empty.`);
  const fromFile = file.name.replace(/\.(md|markdown|txt)$/i, '').trim();
  return { name: (fromFile || policyTitle(text, 'Imported policy')).slice(0, 120), text };
}

/** The policy's name as a file name: only characters no file system accepts are replaced, so Import reads the
 *  same name back. */
export function markdownFileName(name: string): string {
  const safe = name
    .replace(/[<>:"/\\|?*\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 120);
  return `${safe || 'policy'}.md`;
}

/** `name`, or `name (2)`, `name (3)`… — the first one not in `taken`. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
}
