// Choosing another model while one is loaded: the loaded one is unloaded (Run is off, nothing says "Ready"),
// and choosing a cached model loads it from the cache without a download.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, openSection, resetServer, servedRequests } from './model-server';

test.setTimeout(600_000);

test('switching models unloads the loaded one; switching back loads the cached model again', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Content').fill('Buy cheap watches at spam.example!!!');
  await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();

  await openSection(page, 'Model');
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('gpt-oss-safeguard-20b');
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await expect(page.getByTestId('model-state')).not.toContainText('Ready');
  await expect(page.getByRole('button', { name: 'Download model' })).toBeVisible();
  await openSection(page, 'Classify');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await expect(page.getByTestId('model-bar')).toContainText('Not downloaded');
  await page.screenshot({ path: 'test-results/screenshots/model-switched-1280.png', fullPage: true });

  await resetServer();
  await openSection(page, 'Model');
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('scripted-test-model');
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 120_000 });
  await openSection(page, 'Classify');
  expect(await servedRequests()).toEqual([]); // loaded from IndexedDB, nothing fetched
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
});
