// The benchmark page on SwiftShader with the tiny shape: reached from the app, it measures in a worker and shows
// the figures; with a memory limit below the whole model it measures two shallower depths and says the figures
// are extrapolated; bad settings are named; a run can be cancelled.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { BENCH_SHAPES, benchRuntime, layerBytes } from '../engine/bench/bench-shapes';

const SMALL = { prompt: '40', decode: '4', policy: '24', content: '10', generated: '6' };

async function fillTiny(page: Page, budgetGb = '') {
  await page.getByTestId('bench-shape').selectOption('tiny');
  for (const [key, value] of Object.entries(SMALL)) await page.getByTestId(key === 'decode' ? 'bench-decode-tokens' : `bench-${key}`).fill(value);
  await page.getByTestId('bench-budget').fill(budgetGb);
}

const figure = async (page: Page, id: string) => Number((await page.getByTestId(id).locator('.metric-value').innerText()).replace(/[^\d.]/g, ''));

test('the benchmark page measures the tiny shape on this GPU and shows the figures', async ({ page }) => {
  test.setTimeout(300_000);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/app/');
  await page.getByTestId('bench-link').click();
  await expect(page).toHaveTitle('Safeguard: GPU benchmark');
  await fillTiny(page);
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-progress')).toBeVisible();
  await expect(page.getByTestId('bench-adapter')).toContainText('Adapter:');
  const results = page.getByTestId('bench-results');
  await expect(results).toBeVisible({ timeout: 240_000 });
  expect(workers.some((url) => /bench\.worker/.test(url))).toBe(true);
  await expect(results).toHaveAttribute('data-extrapolated', 'false');
  await expect(page.getByTestId('bench-extrapolated')).toHaveCount(0);
  for (const id of ['bench-decode', 'bench-prefill', 'bench-verdict', 'bench-bandwidth']) expect(await figure(page, id), id).toBeGreaterThan(0);
  await expect(results).toContainText('a 24-token policy already cached');
  await expect(results).toContainText('with all 4 layers');
  await page.screenshot({ path: 'test-results/screenshots/bench-1280.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('with too little memory for the whole model it measures two depths and labels the figures extrapolated', async ({ page }) => {
  test.setTimeout(300_000);
  const runtime = benchRuntime({ promptTokens: 40, decodeTokens: 4, verdict: { policyTokens: 24, contentTokens: 10, generatedTokens: 6 } });
  // Room for 2 of the tiny shape's 4 layers, not for 4.
  const budget = (layerBytes(BENCH_SHAPES.tiny, 2, runtime) + layerBytes(BENCH_SHAPES.tiny, 4, runtime)) / 2;
  await page.goto('/app/bench.html');
  await fillTiny(page, String(budget / 1e9));
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('bench-results')).toHaveAttribute('data-extrapolated', 'true');
  await expect(page.getByTestId('bench-extrapolated')).toContainText('room for 2 of the model’s 4 layers');
  await expect(page.getByTestId('bench-extrapolated')).toContainText('measured at 1 and 2 layers');
  expect(await figure(page, 'bench-decode')).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screenshots/bench-extrapolated-1280.png', fullPage: true });
});

test('bad settings are named, and a running benchmark can be cancelled', async ({ page }) => {
  await page.goto('/app/bench.html');
  await page.getByTestId('bench-prompt').fill('12.5');
  await page.getByTestId('bench-budget').fill('lots');
  await page.getByTestId('bench-run').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Prompt tokens must be a whole number' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'The memory limit must be a number of GB' })).toBeVisible();
  await expect(page.getByTestId('bench-progress')).toHaveCount(0);

  await fillTiny(page);
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-progress')).toBeVisible();
  await page.getByTestId('bench-cancel').click();
  await expect(page.getByTestId('bench-progress')).toHaveCount(0);
  await expect(page.getByTestId('bench-run')).toBeEnabled();
  await expect(page.getByTestId('bench-results')).toHaveCount(0);
});
