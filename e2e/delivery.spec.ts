// Model delivery against a local Range-capable server that misbehaves on purpose (scripts/model-server.mjs).
import { expect, test, type Page } from '@playwright/test';
import { appUrl, injectFaults, openSection, resetServer, servedRequests, weightRequests, type ServedRequest } from './model-server';
import { APP_PORT } from './ports';

test.setTimeout(600_000);
const MiB = 1024 * 1024;

async function downloadAndWaitReady(page: Page) {
  await page.getByRole('button', { name: /Download model|Resume download/ }).click();
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
}

const rangeKey = (r: ServedRequest) => `${r.path} ${r.range}`;

test('dropped connections, 429 then 200, and three 500s: the download still completes and verifies', async ({ page }) => {
  await resetServer();
  await injectFaults([
    { match: 'model-00000-of-00002', action: 'drop', times: 2 },
    { match: 'model-00001-of-00002', action: 'status', status: 429, retryAfter: 1, times: 1 },
    { match: 'tokenizer.json', action: 'status', status: 500, times: 3 },
  ]);
  await page.goto(appUrl());
  await downloadAndWaitReady(page);
  const log = await servedRequests();
  expect(log.filter((r) => r.status === 500)).toHaveLength(3);
  expect(log.filter((r) => r.status === 429)).toHaveLength(1);
  await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('complete');
});

test('a 404 gives a clear error naming the file and what to check', async ({ page }) => {
  await resetServer();
  await injectFaults([{ match: 'model-00001-of-00002', action: 'status', status: 404, times: 100 }]);
  await page.goto(appUrl());
  await page.getByRole('button', { name: 'Download model' }).click();
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('Download failed', { timeout: 120_000 });
  await expect(error).toContainText('model-00001-of-00002.safetensors: HTTP 404');
  await expect(error).toContainText('check the model base URL (mirror) and revision');
  // The advice names the button as it reads now (part of the model is stored, so it says Resume download).
  await expect(page.getByRole('button', { name: 'Resume download' })).toBeVisible();
  await expect(error).toContainText('then press Resume download: what was already stored is kept');
  await page.screenshot({ path: 'test-results/screenshots/download-404-1280.png', fullPage: true });
});

test('a reload in the middle of a download resumes from IndexedDB, re-fetching less than a chunk per file in flight', async ({ page }) => {
  await resetServer();
  await injectFaults([{ match: '.safetensors', action: 'delay', ms: 250, times: 1000 }]); // slow enough to reload mid-way
  await page.goto(appUrl(1));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('download-progress')).toContainText(/[1-9]\d\.\d MB of/, { timeout: 120_000 }); // ≥ 10 MB stored
  await page.reload();
  await expect(page.getByTestId('model-state')).toContainText('Partly downloaded');
  await downloadAndWaitReady(page);

  const ranges = weightRequests(await servedRequests()).filter((r) => r.status === 206);
  const counts = new Map<string, number>();
  for (const r of ranges) counts.set(rangeKey(r), (counts.get(rangeKey(r)) ?? 0) + 1);
  const refetched = [...counts.values()].filter((n) => n > 1).length;
  // At most one chunk per parallel lane (3) was in flight at the reload; nothing committed was fetched again.
  expect(refetched).toBeLessThanOrEqual(3);
  const bytes = ranges.reduce((a, r) => {
    const [s, e] = r.range!.replace('bytes=', '').split('-').map(Number);
    return a + e - s + 1;
  }, 0);
  expect(bytes).toBeLessThan(53.6e6 - 27.9e6 + 3 * MiB); // the two shards once, plus what was in flight
});

test('a corrupted stored chunk is detected on load, discarded and fetched again', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadAndWaitReady(page);
  const key = 'scripted-test-model/model-00000-of-00002.safetensors#1';
  await page.evaluate(async (key) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('safeguard-model-chunks');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('chunks', 'readwrite');
    const store = tx.objectStore('chunks');
    const blob: Blob | undefined = await new Promise((resolve) => (store.get(key).onsuccess = (e) => resolve((e.target as IDBRequest).result)));
    if (!blob) {
      const keys = await new Promise((resolve) => (store.getAllKeys().onsuccess = (e) => resolve((e.target as IDBRequest).result)));
      throw new Error(`no chunk ${key} among ${JSON.stringify(keys)}`);
    }
    const bytes = new Uint8Array(await blob.arrayBuffer());
    bytes[12345] ^= 0xff; // one flipped byte
    const tx2 = db.transaction('chunks', 'readwrite');
    tx2.objectStore('chunks').put(new Blob([bytes]), key);
    await new Promise((resolve) => (tx2.oncomplete = resolve));
  }, key);
  await resetServer();
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('chunk 1 of model-00000-of-00002.safetensors is corrupted', { timeout: 120_000 });
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  const refetched = weightRequests(await servedRequests());
  expect(refetched.map((r) => [r.path.split('/').pop(), r.range])).toEqual([['model-00000-of-00002.safetensors', `bytes=${4 * MiB}-${8 * MiB - 1}`]]);
});

test('a full quota stops the download with a clear message; what was stored stays valid and resumes', async ({ page, context }) => {
  await resetServer();
  await page.goto(appUrl());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: `http://127.0.0.1:${APP_PORT}`, quotaSize: 20 * 1000 * 1000 });
  await page.getByRole('button', { name: 'Download model' }).click();
  const error = page.getByTestId('model-error');
  await expect(error).toHaveAttribute('data-error-name', 'StorageFullError', { timeout: 120_000 });
  await expect(error).toContainText('Storage is full');
  await page.screenshot({ path: 'test-results/screenshots/storage-full-1280.png', fullPage: true });
  await expect(page.getByTestId('model-state')).toContainText('Partly downloaded');

  await cdp.send('Storage.overrideQuotaForOrigin', { origin: `http://127.0.0.1:${APP_PORT}` }); // quota back to normal
  await resetServer();
  await downloadAndWaitReady(page);
  const again = weightRequests(await servedRequests());
  expect(again.length).toBeLessThan(8); // only what was missing (8 weight chunks in all), not everything
});

test('Pause stops the download and keeps what is stored; Resume fetches only the rest; Cancel download deletes it', async ({ page }) => {
  await resetServer();
  await injectFaults([{ match: '.safetensors', action: 'delay', ms: 250, times: 1000 }]);
  await page.goto(appUrl(1));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('download-progress')).toContainText(/[1-9]\d\.\d MB of/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // Pause is a state, not an error.
  await expect(page.getByTestId('notice')).toContainText(/Download paused \(\d+ % stored\)\. Press Resume download to continue/);
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('model-state')).toContainText('Partly downloaded');
  await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('partial');

  await downloadAndWaitReady(page); // Resume
  const ranges = weightRequests(await servedRequests()).filter((r) => r.status === 206);
  const keys = ranges.map(rangeKey);
  expect(keys.length - new Set(keys).size).toBeLessThanOrEqual(3); // only chunks in flight at the pause again

  // Delete removes the loaded model; Cancel download of a new partial download deletes what it stored.
  await openSection(page, 'Model');
  await page.getByRole('button', { name: 'Delete Scripted test model from this browser' }).click();
  await page.getByRole('button', { name: 'Delete model' }).click();
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('download-progress')).toContainText(/[1-9]\.\d MB of|[1-9]\d\.\d MB of/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Cancel download' }).click();
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await expect(page.getByTestId('cached-models')).toHaveCount(0);
});
