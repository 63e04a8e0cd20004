// Importing a model folder the user already has on disk into the cache: no weight downloads, the same checks as a
// download, and a damaged or missing file is left for the download to fetch.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appUrl, openSection, resetServer, SCRIPTED_MODEL_DIR, servedRequests, weightRequests } from './model-server';

test.setTimeout(600_000);

test('a complete model folder is imported and loads with no weight requests, only the file list', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await openSection(page, 'Model');
  await page.getByLabel('Model folder').setInputFiles(SCRIPTED_MODEL_DIR);
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  await expect(page.getByTestId('notice')).toContainText('Imported from disk and verified: config.json, model-00000-of-00002.safetensors');
  await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('complete');
  const log = await servedRequests();
  expect(log.map((r) => r.path)).toEqual(['/api/models/safeguard-web/scripted-gpt-oss/tree/v1']);
});

test('a damaged shard is refused and a missing file reported; Resume downloads just those', async ({ page }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'model-folder-'));
  try {
    const folder = path.join(dir, 'scripted-gpt-oss');
    await cp(SCRIPTED_MODEL_DIR, folder, { recursive: true });
    await rm(path.join(folder, 'tokenizer.json'));
    const shard = path.join(folder, 'model-00001-of-00002.safetensors');
    const bytes = await readFile(shard);
    bytes[bytes.length - 1] ^= 0x01;
    await writeFile(shard, bytes);

    await resetServer();
    await page.goto(appUrl());
    await openSection(page, 'Model');
    await page.getByLabel('Model folder').setInputFiles(folder);
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('Not imported: model-00001-of-00002.safetensors does not match the checksum of the official file', { timeout: 300_000 });
    await expect(notice).toContainText('Not in the folder: tokenizer.json.');
    await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('partial');

    await resetServer();
    await page.getByRole('button', { name: 'Resume download' }).click();
    await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
    const log = await servedRequests();
    expect(new Set(weightRequests(log).map((r) => r.path))).toEqual(new Set(['/safeguard-web/scripted-gpt-oss/resolve/v1/model-00001-of-00002.safetensors']));
    expect(log.some((r) => r.path.endsWith('/tokenizer.json'))).toBe(true);
    expect(log.some((r) => r.path.endsWith('/config.json'))).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/screenshots/import-folder-390.png', fullPage: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
