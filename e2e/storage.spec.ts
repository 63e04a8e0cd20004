// "Not persistent" explains itself and offers to ask the browser to keep the data; a refusal says how to get it,
// a grant shows at once.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, resetServer } from './model-server';
import { APP_PORT } from './ports';

test.setTimeout(600_000);

test('Keep stored data: refused says what to do; granted (permission set through CDP) shows persistent', async ({ page, context }) => {
  await page.goto('/app/');
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

test('a model the browser evicted is named at the next visit, with how to get it back and prevent it', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  // What storage-pressure eviction does: the IndexedDB cache goes, localStorage stays. Done from a page of the
  // same origin that holds no connection to the cache.
  await page.goto('/app/_headers');
  await page.evaluate(async () => {
    for (const name of ['safeguard-model-chunks', 'safeguard-model-manifests']) {
      await new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = resolve;
        request.onerror = reject;
      });
    }
  });
  await page.goto(appUrl());
  await expect(page.getByTestId('notice')).toContainText('The browser removed the cached scripted-test-model to free disk space');
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await downloadUntilReady(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
