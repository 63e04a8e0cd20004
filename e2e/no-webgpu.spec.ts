import { expect, test } from '@playwright/test';

// Runs in the `no-webgpu` project: Chromium without --enable-unsafe-webgpu, which hands out no adapter.
test('without a WebGPU adapter the page explains what to do', async ({ page }) => {
  await page.goto('/app/');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('data-error', 'NoGpuAdapterError');
  await expect(alert).toContainText('WebGPU found no usable GPU');
  await expect(alert).toContainText('Chrome 144+ on Linux');
  await expect(alert).toContainText('enable-unsafe-webgpu');
  await expect(page.getByTestId('self-test')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/no-webgpu-1280.png', fullPage: true });
});
