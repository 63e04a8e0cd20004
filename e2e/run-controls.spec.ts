// Run controls on the scripted model: Cancel mid-run, then a clean run; a lost GPU device shown as it happens
// and the automatic recovery.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, openSection, resetServer } from './model-server';

test.setTimeout(600_000);

test('Cancel stops a running classification and the next run works; a device loss is shown before any Run and the engine restarts', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  // A labelled example of the spam preset (label 1, SP5): the verdict card compares it with the verdict.
  await page.getByLabel('Policy source').selectOption({ label: 'Spam Policy (SP)' });
  await page.getByLabel('Labelled example').selectOption({ label: '1 · Like and share this post to win a free phone! Winner announced Friday' });
  await expect(page.getByLabel('Content')).toHaveValue('Like and share this post to win a free phone! Winner announced Friday');

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('running')).toContainText('reasoning', { timeout: 120_000 }); // mid-generation
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('run-error')).toHaveText('Cancelled.');
  await expect(page.getByTestId('verdict')).toHaveCount(0);

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
  await expect(page.getByTestId('expected')).toHaveText('✓ Labelled example: expected 1 (SP5) · the verdict agrees');
  await expect(page.getByTestId('expected')).toHaveAttribute('data-agrees', 'true');

  await openSection(page, 'Model');
  await page.getByText('GPU device', { exact: true }).click();
  // What the loaded model's kernels use: subgroups, as SwiftShader's are runs of consecutive lanes (probed in
  // the worker before the kernels are built).
  await expect(page.getByTestId('features')).toHaveText('subgroups');
  await expect(page.getByTestId('features-offered')).toContainText('subgroups');
  // A lost device is pushed by the worker the moment it happens: the page says so and recovers by itself,
  // before anyone presses Run.
  await page.getByRole('button', { name: 'Simulate GPU device loss' }).click();
  await expect(page.getByTestId('notice')).toContainText('The GPU device was lost', { timeout: 30_000 });
  await openSection(page, 'Classify');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await expect(page.getByTestId('notice')).toContainText('the engine was restarted and the model reloaded', { timeout: 300_000 });
  await expect(page.getByTestId('model-state')).toContainText('Ready');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
  await page.screenshot({ path: 'test-results/screenshots/recovered-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/verdict-390.png', fullPage: true });
});
