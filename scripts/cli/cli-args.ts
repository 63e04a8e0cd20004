// What the command-line commands share: usage errors (exit code 2), reading flags and input files.
import { readFile } from 'node:fs/promises';
import { parseFormatName, type OutputFormat } from '../../classify/formats/output-format';
import { HarmonyTokenizer } from '../../harmony/tokenizer';

/** A mistake in the command line or its files: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function parseIds(text: string | undefined): number[] {
  if (!text) throw new UsageError('--ids is required (comma-separated token ids)');
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s))) throw new UsageError(`--ids must be comma-separated non-negative integers, got "${text}"`);
  return ids.map(Number);
}

export function parseNumber(name: string, text: string | undefined, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) throw new UsageError(`--${name} must be a${integer ? 'n integer' : ' number'}, got "${text}"`);
  return value;
}

export async function readInput(flag: string, file: string | undefined): Promise<string> {
  if (!file) throw new UsageError(`--${flag} FILE is required`);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

export async function loadTokenizer(file: string | undefined): Promise<HarmonyTokenizer> {
  const text = await readInput('tokenizer', file);
  try {
    return HarmonyTokenizer.fromJson(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--tokenizer ${file}: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message} (expected the model's tokenizer.json)`);
  }
}

export function parseFormat(text: string): OutputFormat {
  const format = parseFormatName(text);
  if (!format) throw new UsageError(`--format must be binary, json or labels:A,B,..., got "${text}"`);
  return format;
}

