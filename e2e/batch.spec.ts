// Batch & evaluate on the scripted model (it answers "1" with p ≈ 0.818 for any content, so the verdicts and the
// metrics follow from the labels): an awkward CSV with an empty row, a reload in the middle of the run that
// resumes without classifying finished rows again, the metrics and confusion matrix, an override by keyboard,
// filters, and an export whose rows match the table.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { finishTimes } from './batch-results';
import { appUrl, downloadUntilReady, resetServer } from './model-server';

test.setTimeout(900_000);

// Semicolons, a quoted field holding the delimiter, quotes and a line break, an empty row, CRLF and a BOM.
const CSV = '\uFEFFkey;message;gold\r\nk1;"Buy; now ""cheap""\r\nwatches";1\r\nk2;Hi Sam, see you at 5;0\r\n;;\r\nk4;Free prize at bit.ly/x;violation\r\nk5;Lunch tomorrow?;no violation\r\n';

test('a CSV batch survives a reload mid-run, is evaluated, reviewed by keyboard and exported as shown', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();
  await expect(page).toHaveURL(/#batch$/);

  // The shipped golden set: 44 labelled rows, its policy chosen with it, columns guessed, no bad row.
  await page.getByRole('button', { name: 'Spam golden set (44)' }).click();
  await expect(page.getByText('spam.golden.csv · 44 rows · CSV')).toBeVisible();
  await expect(page.getByTestId('new-batch').getByRole('combobox', { name: 'Policy', exact: true })).toHaveValue('preset:spam');
  await expect(page.getByRole('combobox', { name: 'Expected label column' })).toHaveValue('label');
  await expect(page.getByTestId('batch-problems')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start batch of 44' })).toBeEnabled();

  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'awkward.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByText('awkward.csv · 5 rows · CSV')).toBeVisible();
  await page.getByRole('combobox', { name: 'Text column' }).selectOption('message');
  await page.getByRole('combobox', { name: 'Id column' }).selectOption('key');
  await page.getByRole('combobox', { name: 'Expected label column' }).selectOption('gold');
  const preview = page.getByRole('table', { name: 'First rows of the file' });
  await expect(preview.getByRole('row').nth(1)).toContainText('Buy; now "cheap"');
  await expect(page.getByTestId('batch-problems')).toHaveText('1 row will be reported, not classified: row 3: the text is empty');
  const form = page.getByTestId('new-batch');
  await form.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'Spam Policy (SP)' });
  await expect(page.getByText('Output format: binary (from the policy)')).toBeVisible();
  // Two items at a time, decoded together on the GPU (the setting is kept for the resume after the reload).
  await form.getByRole('combobox', { name: 'Items at once' }).selectOption('2');
  await page.screenshot({ path: 'test-results/screenshots/batch-new-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/batch-new-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Start batch of 5' }).click();

  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('batch-at-once')).toHaveText('2 at once');
  await expect(page.getByTestId('result-row').filter({ hasText: 'running…' })).toHaveCount(2); // both in flight show it
  await page.screenshot({ path: 'test-results/screenshots/batch-running-1280.png' });
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 300_000 }).toBeGreaterThanOrEqual(2);
  const beforeReload = await finishTimes(page);
  const reloadedAt = Date.now();
  await page.reload();

  // Back on the batch section, the run says it was interrupted, resumes once the model is loaded again, and finishes.
  await expect(page.getByRole('tab', { name: 'Batch & evaluate' })).toHaveAttribute('data-state', 'active');
  await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 600_000 });
  await expect(page.getByTestId('batch-counts')).toHaveText('5 of 5 done · 1 not classified');
  const after = await finishTimes(page);
  for (const [row, time] of Object.entries(beforeReload)) expect(after[Number(row)], `row ${row} was not classified again`).toBe(time);
  expect(Object.keys(after).map(Number).sort()).toEqual([1, 2, 3, 4, 5]);
  for (const row of [1, 2, 3, 4, 5].filter((r) => !(r in beforeReload))) expect(after[row]).toBeGreaterThan(reloadedAt);

  // Evaluation: every classified row is a violation, so rows 1 and 4 are true positives, 2 and 5 false positives.
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const confusion = page.getByTestId('confusion');
  for (const [cell, n] of [['tp', 2], ['fp', 2], ['tn', 0], ['fn', 0]] as const) await expect(confusion.locator(`[data-cell="${cell}"]`)).toHaveText(String(n));
  const metrics = page.getByTestId('metrics');
  await expect(metrics.locator('[data-metric="accuracy"] dd')).toHaveText('50.0%');
  await expect(metrics.locator('[data-metric="precision"] dd')).toHaveText('50.0%');
  await expect(metrics.locator('[data-metric="recall"] dd')).toHaveText('100.0%');
  await expect(metrics.locator('[data-metric="f1"] dd')).toHaveText('66.7%');
  await expect(page.getByRole('heading', { name: 'Disagreements (2)' })).toBeVisible();
  // Above the model's probability every item becomes "no violation": recall drops to 0.
  await page.getByLabel('Probability threshold').fill('0.9');
  await expect(page.getByTestId('threshold-metrics').locator('[data-metric="recall"] dd')).toHaveText('0.0%');
  await page.screenshot({ path: 'test-results/screenshots/batch-evaluation-1280.png', fullPage: true });
  // The threshold is kept when the reviewer looks at another tab and comes back.
  await page.getByRole('tab', { name: 'Results', exact: true }).click();
  await page.getByRole('tab', { name: 'Evaluation', exact: true }).click();
  await expect(page.getByLabel('Probability threshold')).toHaveValue('0.9');

  // A disagreement opens its row; the reviewer overrides it by keyboard and moves on.
  await page.getByRole('button', { name: 'Row 2', exact: true }).click();
  const detail = page.getByTestId('result-detail');
  await expect(detail).toHaveAttribute('data-row', '2');
  await expect(detail).toContainText('Scripted test model: content flagged by design.');
  await page.keyboard.press('0');
  await expect(detail.getByTestId('override')).toHaveText('reviewer: no violation');
  await page.keyboard.press('j');
  await expect(detail).toHaveAttribute('data-row', '3');
  await expect(detail).toContainText('Not classified: the text is empty');
  await page.screenshot({ path: 'test-results/screenshots/batch-results-1280.png', fullPage: true });

  // Filters: the row that was not classified, then the disagreements.
  await page.keyboard.press('Escape');
  const runView = page.getByTestId('run-view');
  await runView.getByRole('combobox', { name: 'Verdict' }).selectOption({ label: 'not classified' });
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await expect(page.getByTestId('result-row')).toHaveAttribute('data-row', '3');
  await runView.getByRole('combobox', { name: 'Verdict' }).selectOption({ label: 'all' });
  await runView.getByRole('combobox', { name: 'Expected label' }).selectOption({ label: 'differs' });
  await expect(page.getByTestId('result-count')).toHaveText('Showing 2 of 5');
  await runView.getByRole('combobox', { name: 'Expected label' }).selectOption({ label: 'all' });

  // The export has one record per row of the table, with the same verdicts, and the override.
  const table = await page.getByTestId('result-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-row'), r.querySelectorAll('[role=cell]')[3].textContent]));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('awkward-results.csv');
  const exported = Papa.parse<Record<string, string>>(await readFile((await download.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
  expect(exported.map((r) => [r.row, r.verdict === 'error' ? 'not classified' : r.verdict])).toEqual(table);
  expect(exported[0]).toMatchObject({ id: 'k1', text: 'Buy; now "cheap"\r\nwatches', expected_label: '1', policy_name: 'Spam Policy (SP)', effort: 'low', format: 'binary', model_id: 'scripted-test-model' });
  expect(exported[1]).toMatchObject({ id: 'k2', override: '0', expected_label: '0' });
  expect(exported[0].policy_hash).toMatch(/^[0-9a-f]{64}$/);

  const axe = await new AxeBuilder({ page }).include('.workspace').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/batch-390.png', fullPage: true });
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  await page.screenshot({ path: 'test-results/screenshots/batch-evaluation-390.png', fullPage: true });
});
