// After the first visit the site works with no network at all: the service worker serves the app shell (page,
// scripts, the engine worker) and the model loads from IndexedDB.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, resetServer, servedRequests } from './model-server';
import { APP_PORT } from './ports';

test.setTimeout(600_000);

test('offline after the first visit: the app opens from the service worker cache and the model loads from IndexedDB', async ({ page, context }) => {
  await resetServer();
  await page.goto(appUrl());
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
  await downloadUntilReady(page);

  await resetServer();
  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
  await expect(page.getByRole('heading', { name: 'Safeguard' })).toBeVisible();
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 120_000 });
  // The engine worker (its script came from the cache) tokenizes the policy with the cached tokenizer.
  await expect(page.getByTestId('policy-tokens')).toHaveText(/^\d+ tokens/);
  expect(await servedRequests()).toEqual([]);

  // The worker's scope is the folder the site is served from (/app/ here), not the origin's root.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
  expect(scope).toBe(`http://127.0.0.1:${APP_PORT}/app/`);
});
