// The scripted test model's pinned manifest is what the generator writes: regenerate it and hash each file here
// (node:crypto), so a change to the generator or the npm tokenizer shows up as a failing pin, not as a mirror error.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeScriptedModel } from '../testing/scripted-model-files';
import { findModel, offeredModels } from './registry';

test('the scripted model pin matches the generated files; approxBytes is their total', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'scripted-pin-'));
  try {
    await writeScriptedModel(dir);
    const files = [];
    for (const name of (await readdir(dir)).sort()) {
      const bytes = await readFile(path.join(dir, name));
      files.push({ path: name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    const entry = findModel('scripted-test-model');
    expect(entry.pin!.files).toEqual(files);
    expect(entry.approxBytes).toBe(files.reduce((a, f) => a + f.size, 0));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

test('test-only models are offered only when debugging', () => {
  expect(offeredModels(false).map((m) => m.id)).toEqual(['gpt-oss-safeguard-20b']);
  expect(offeredModels(true).map((m) => m.id)).toContain('scripted-test-model');
});
