import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openSection } from './model-server';
import { checksumBits, selfTestInput, SELF_TEST_COUNT } from '../engine/gpu/self-test-data';
import { widenBf16 } from '../engine/reference/bf16';

test('the worker acquires WebGPU, runs the shader self-test and the page shows the device report', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/app/');
  await openSection(page, 'Model');
  await page.getByText('GPU device', { exact: true }).click(); // the report sits in a collapsed section

  const selfTest = page.getByTestId('self-test');
  await expect(selfTest).toBeVisible();
  // The GPU result, checked here against the CPU reference independently of the page's own comparison.
  await expect(selfTest).toHaveAttribute('data-count', String(SELF_TEST_COUNT));
  await expect(selfTest).toHaveAttribute('data-mismatches', '0');
  await expect(selfTest).toHaveAttribute('data-checksum', checksumBits(widenBf16(selfTestInput())));
  await expect(selfTest).toContainText('passed');
  expect(workers.some((url) => /engine\.worker/.test(url))).toBe(true);

  await expect(page.getByTestId('webgpu-status')).toHaveText('available');
  await expect(page.getByTestId('adapter')).not.toBeEmpty();
  await expect(page.getByTestId('max-binding')).toHaveText(/\d+(\.\d+)? (MiB|GiB)/);
  // Headless Chromium's SwiftShader adapter offers both; the worker must have asked for them.
  await expect(page.getByTestId('features-offered')).toContainText('subgroups');
  await expect(page.getByTestId('features-offered')).toContainText('timestamp-query');
  // "Used" lists what the compiled kernels use, known once a model is loaded (run-controls.spec.ts checks it).
  await expect(page.getByTestId('features')).toHaveText('known once a model is loaded');
  await page.screenshot({ path: 'test-results/screenshots/device-report-1280.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze(); // the Model section
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('the device report is usable on a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/app/#model');
  await page.getByText('GPU device', { exact: true }).click();
  await expect(page.getByTestId('self-test')).toBeVisible();
  await expect(page.getByTestId('self-test')).toContainText('passed');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/device-report-390.png', fullPage: true });
});
