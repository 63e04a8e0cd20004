// "Not persistent" explains itself and offers to ask the browser to keep the data; a refusal says how to get it,
// a grant shows at once.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, openSection, resetServer } from './model-server';
import { APP_PORT } from './ports';

test.setTimeout(600_000);

test('Keep stored data: refused says what to do; granted (permission set through CDP) shows persistent', async ({ page, context }) => {
  await page.goto('/app/#model');
  const storage = page.getByTestId('storage');
  await expect(storage).toHaveAttribute('data-persisted', 'false');
  await expect(storage).toContainText('the browser may delete the cached model');
  await page.getByRole('button', { name: 'Keep stored data' }).click();
  await expect(page.getByTestId('persist-refused')).toContainText('Chrome grants it to sites you use often');

  // Grant it the way a user (or an installed app) would, for this test's browser context.
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  const cdp = await context.browser()!.newBrowserCDPSession();
  await cdp.send('Browser.setPermission', { permission: { name: 'persistent-storage' }, setting: 'granted', origin: `http://127.0.0.1:${APP_PORT}`, browserContextId: targetInfo.browserContextId });
  await page.getByRole('button', { name: 'Keep stored data' }).click();
  await expect(storage).toHaveAttribute('data-persisted', 'true');
  await expect(storage).toContainText('persistent: the browser keeps the model until you delete it');
});

test('a model the browser evicted is named at the next visit, and the policies and batches are still there', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  // Work worth keeping: a saved policy and a finished batch.
  await openSection(page, 'Policies');
  await page.getByRole('button', { name: 'New' }).click();
  await page.getByRole('textbox', { name: 'Policy', exact: true }).fill('# Kept through eviction\n\nFlag watches.\n');
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'saved');
  await openSection(page, 'Batch & evaluate');
  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'kept.csv', mimeType: 'text/csv', buffer: Buffer.from('text\nBuy watches\nHello\n') });
  await page.getByRole('button', { name: 'Start batch of 2' }).click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });

  // What storage-pressure eviction does: the browser deletes a storage bucket as a whole. The site's default
  // bucket holds the model cache and the offline copy of the app; every database and cache in it goes. Done from
  // a page of the same origin that holds no connection to them. (The workspace bucket is its own.)
  await page.goto('/app/_headers');
  const evicted = await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name!);
    for (const name of names) {
      await new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = resolve;
        request.onerror = reject;
      });
    }
    for (const cache of await caches.keys()) await caches.delete(cache);
    return names;
  });
  expect(evicted).toEqual(expect.arrayContaining(['safeguard-model-chunks', 'safeguard-model-manifests']));
  expect(evicted.filter((name) => /polic|batch/.test(name))).toEqual([]); // not in the default bucket at all

  await page.goto(appUrl());
  await expect(page.getByTestId('notice')).toContainText('The browser removed the cached scripted-test-model to free disk space');
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await expect(page.getByLabel('Policy source').locator('optgroup[label="My policies"] option')).toHaveText(['Untitled policy']);
  await openSection(page, 'Batch & evaluate');
  await expect(page.getByRole('navigation', { name: 'Batches' })).toContainText('kept.csv');
  await expect(page.getByTestId('batch-counts')).toHaveText('2 of 2 done');
  await downloadUntilReady(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('policies an earlier version kept in the default bucket move into the workspace bucket, once', async ({ page }) => {
  // The database as the previous version of the app wrote it, made from a page of the same origin.
  await page.goto('/app/_headers');
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('safeguard-policies');
    open.onupgradeneeded = () => open.result.createObjectStore('policies');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('policies', 'readwrite');
      tx.objectStore('policies').put({ id: 'old-1', name: 'Written before buckets', text: '# Old rules\n', createdAt: 1, updatedAt: 1 }, 'old-1');
      tx.oncomplete = () => { open.result.close(); resolve(null); };
    };
  }));
  await page.goto(appUrl());
  const mine = page.getByLabel('Policy source').locator('optgroup[label="My policies"] option');
  await expect(mine).toHaveText(['Written before buckets']);
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('safeguard-policies');
  const inBucket = await page.evaluate(async () => {
    const bucket = await (navigator as Navigator & { storageBuckets: { open(name: string): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open('workspace');
    return (await bucket.indexedDB.databases()).map((d) => d.name);
  });
  expect(inBucket).toContain('safeguard-policies');
  await page.reload(); // the moved copy is what the app reads now
  await expect(mine).toHaveText(['Written before buckets']);
});
