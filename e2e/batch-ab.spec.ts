// A/B, the review queue, and a lost GPU during a batch, on the scripted model (it always answers "1"): policy A asks for 0/1, so every item
// is a violation; policy B is the same policy switched to the JSON format, so every answer is inconclusive and
// every verdict flips. The review queue then holds A's one disagreement, overridden by keyboard.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { finishTimes } from './batch-results';
import { appUrl, downloadUntilReady, openSection, resetServer } from './model-server';

test.setTimeout(900_000);

const CSV = 'id,text,label\nx1,Buy cheap watches now,1\nx2,See you at lunch,0\nx3,Claim your free prize,1\n';

test('an A/B of two policies shows both metrics and the flipped verdicts; the review queue takes a keyboard override', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Policy source').selectOption({ label: 'Spam Policy (SP)' });
  await page.getByLabel('Output format').selectOption('json');

  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();
  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'ab.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  const form = page.getByTestId('new-batch');
  await form.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'Spam Policy (SP)' });
  await form.getByRole('combobox', { name: 'Compare with (A/B)' }).selectOption({ label: 'Spam Policy (SP) (as edited in Classify)' });
  await page.getByRole('button', { name: 'Start A/B of 3 items' }).click();

  // A runs first, then B by itself.
  const runs = page.getByRole('navigation', { name: 'Batches' });
  await expect(runs.getByRole('button', { name: /ab\.csv · A: Spam Policy \(SP\)/ })).toContainText('finished', { timeout: 300_000 });
  await expect(runs.getByRole('button', { name: /ab\.csv · B: Spam Policy \(SP\) \(as edited in Classify\)/ })).toContainText('finished', { timeout: 300_000 });

  await page.getByRole('tab', { name: 'Compare (A/B)' }).click();
  const compare = page.getByTestId('compare');
  await expect(compare.getByRole('heading', { name: 'Verdicts that flipped (3)' })).toBeVisible();
  await expect(compare.getByTestId('flips').getByRole('listitem').first()).toHaveText('Row 1 (x1): violation → inconclusive, expected violation');
  const metrics = compare.getByRole('table', { name: 'Metrics side by side' });
  await expect(metrics.getByRole('row', { name: /Accuracy/ })).toHaveText(/Accuracy\s*66\.7%\s*–/);
  await expect(metrics.getByRole('row', { name: /Inconclusive/ })).toHaveText(/Inconclusive\s*0\s*3/);
  await page.screenshot({ path: 'test-results/screenshots/batch-compare-1280.png', fullPage: true });

  // Review queue of A: its one disagreement (x2: expected 0, said 1), overridden with the 0 key.
  await page.getByRole('tab', { name: 'Needs review' }).click();
  const queue = page.getByTestId('review-queue');
  await expect(queue.getByTestId('queue-count')).toHaveText('1 item needs review · 0 reviewed');
  await expect(queue.getByTestId('result-detail')).toHaveAttribute('data-row', '2');
  await queue.getByTestId('result-detail').focus();
  await page.keyboard.press('0');
  await expect(queue.getByTestId('queue-count')).toHaveText('1 item needs review · 1 reviewed');
  await expect(queue.getByTestId('override')).toHaveText('reviewer: no violation');
  await page.screenshot({ path: 'test-results/screenshots/batch-review-1280.png', fullPage: true });

  // The Review section: one queue over both batches (B's three inconclusive answers and A's disagreement); a
  // decision there is saved to the row's own batch and kept across a reload.
  await openSection(page, 'Review');
  const all = page.getByRole('region', { name: 'Review' }).getByTestId('review-queue');
  await expect(all.getByTestId('queue-count')).toHaveText('4 items need review · 1 reviewed');
  await page.getByRole('combobox', { name: 'Batches to review' }).selectOption({ label: 'ab.csv · B: Spam Policy (SP) (as edited in Classify)' });
  await expect(all.getByTestId('queue-count')).toHaveText('3 items need review · 0 reviewed');
  await expect(all.getByTestId('queue-batch')).toHaveText('From batch ab.csv · B: Spam Policy (SP) (as edited in Classify), row 1');
  await all.getByTestId('result-detail').focus();
  await page.keyboard.press('1');
  await expect(all.getByTestId('queue-count')).toHaveText('3 items need review · 1 reviewed');
  await page.getByRole('combobox', { name: 'Batches to review' }).selectOption({ label: 'All batches (2)' });
  await expect(all.getByTestId('queue-count')).toHaveText('4 items need review · 2 reviewed');
  await page.screenshot({ path: 'test-results/screenshots/review-section-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/review-section-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.reload();
  await expect(all.getByTestId('queue-count')).toHaveText('4 items need review · 2 reviewed', { timeout: 120_000 });
  await openSection(page, 'Batch & evaluate');

  // The shortcuts are listed in the page (the review keys among them).
  await page.getByText('Keyboard shortcuts').click();
  await expect(page.locator('.shortcuts dl')).toContainText('Override to violation / no violation');

  // Both themes pass axe (colour contrast included); the choice is kept across a reload.
  for (const theme of ['light', 'dark']) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${theme}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }
  await page.screenshot({ path: 'test-results/screenshots/batch-review-dark-1280.png', fullPage: true });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('run-view')).toBeVisible({ timeout: 120_000 }); // the batch section comes back with its runs
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/batch-review-390.png', fullPage: true });
});

test('a GPU device lost during a batch: the batch pauses, resumes by itself after the recovery, and keeps what finished', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();
  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'loss.csv', mimeType: 'text/csv', buffer: Buffer.from('text\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n') });
  // Two at a time, so the loss comes while a shared decode pass of two items is under way and items remain.
  await page.getByTestId('new-batch').getByRole('combobox', { name: 'Items at once' }).selectOption('2');
  await page.getByRole('button', { name: 'Start batch of 8' }).click();
  const progress = page.getByTestId('batch-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  const before = await finishTimes(page);

  await page.getByRole('tab', { name: 'Classify' }).click();
  // One thing at a time on the GPU: Run waits while the batch runs, and says why.
  await page.getByLabel('Content').fill('a single item');
  await expect(page.getByTestId('run-hint')).toContainText('A batch is running (Batch & evaluate): pause it to classify a single item.');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await openSection(page, 'Model');
  await page.getByText('GPU device', { exact: true }).click();
  await page.getByRole('button', { name: 'Simulate GPU device loss' }).click();
  await expect(page.getByTestId('notice')).toContainText('the engine was restarted and the model reloaded', { timeout: 300_000 });
  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();

  await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 600_000 });
  await expect(page.getByTestId('batch-counts')).toHaveText('8 of 8 done');
  const after = await finishTimes(page);
  for (const [row, time] of Object.entries(before)) expect(after[Number(row)], `row ${row} kept`).toBe(time);
});

test('10,000 rows: the results table keeps only the visible rows in the page and scrolls to the last one', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();
  const csv = 'id,text\n' + Array.from({ length: 10_000 }, (_, i) => `item-${i + 1},"Message number ${i + 1}, with a comma"`).join('\n') + '\n';
  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByText('big.csv · 10000 rows · CSV')).toBeVisible();
  await page.getByRole('button', { name: 'Start batch of 10000' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('result-count')).toHaveText('Showing 10000 of 10000');
  expect(await page.getByTestId('result-row').count()).toBeLessThan(80);
  await page.locator('.grid-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('[data-testid="result-row"][data-row="10000"]')).toBeVisible();
  expect(await page.getByTestId('result-row').count()).toBeLessThan(80);
  await page.getByRole('searchbox', { name: 'Search' }).fill('item-9999');
  await expect(page.getByTestId('result-count')).toHaveText('Showing 1 of 10000');
});
