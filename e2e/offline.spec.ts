// After the first visit the site works with no network at all: the service worker serves the app shell (page,
// scripts, the engine worker) and the model loads from IndexedDB.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, MODEL_SERVER, resetServer, servedRequests } from './model-server';
import { APP_PORT } from './ports';

test.setTimeout(600_000);

test('offline after the first visit: the app opens from the service worker cache and the model loads from IndexedDB', async ({ page, context }) => {
  await resetServer();
  await page.goto(appUrl());
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
  await downloadUntilReady(page);

  // Whether a request from the page reaches the model server (a path the server does not log). The network is
  // checked this way, not with navigator.onLine: headless Chromium 150 keeps reporting true under Playwright's
  // offline emulation while every request fails.
  const reachesServer = () => page.evaluate((url) => fetch(url, { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false), `${MODEL_SERVER}/__control/log`);
  expect(await reachesServer()).toBe(true);

  await resetServer();
  await context.setOffline(true);
  await page.reload();
  expect(await reachesServer()).toBe(false);
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
