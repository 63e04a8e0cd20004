import { expect, test } from '@playwright/test';

// Runs in the `no-webgpu` project: the benchmark page explains what to do when the browser has no adapter.
test('without a WebGPU adapter the benchmark page says what to do', async ({ page }) => {
  await page.goto('/app/bench.html');
  await page.getByTestId('bench-run').click();
  const error = page.getByTestId('bench-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-error', 'NoGpuAdapterError');
  await expect(error).toContainText('WebGPU found no usable GPU');
  await expect(page.getByTestId('bench-results')).toHaveCount(0);
});
