// What a new user stumbled on around Run: the prompt's size against the context while typing, an answer limit
// that exists and that the too-long advice names, Run's reason for being off, Ctrl+Enter, and a verdict card
// that says what produced it and marks a disagreement with a labelled example.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, injectFaults, openSection, resetServer } from './model-server';

test.setTimeout(600_000);

test('prompt size and context while typing; too long names the answer limit, and lowering it fixes it', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await openSection(page, 'Model');
  await page.getByRole('combobox', { name: 'Context length' }).selectOption('8192');
  await openSection(page, 'Classify');
  await expect(page.getByTestId('run-hint')).toHaveText('Load the model first (the model line above).');
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('model-state')).toContainText('context 8,192 tokens, as set', { timeout: 300_000 });

  await expect(page.getByTestId('run-hint')).toHaveText('Paste the content to classify.');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.getByLabel('Content').fill('word '.repeat(6000));
  await expect(page.getByTestId('prompt-size')).toHaveText(/^Prompt [\d,]+ tokens \+ up to 2,048 for the answer, of a 8,192-token context\.$/);
  await expect(page.getByTestId('run-hint')).toContainText(/Too long by [\d,]+ tokens: .* Shorten the policy or content, or lower the answer limit\./);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/prompt-too-long-1280.png', fullPage: true });
  await page.getByRole('combobox', { name: 'Answer limit' }).selectOption('512');
  await expect(page.getByTestId('run-hint')).toContainText('Ready to run');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();

  // Or keep the limit and cut the content, visibly.
  await page.getByRole('combobox', { name: 'Answer limit' }).selectOption('4096');
  await expect(page.getByTestId('run-hint')).toContainText('Too long by');
  await page.getByRole('button', { name: 'Cut the content to fit' }).click();
  await expect(page.getByLabel('Content')).toHaveValue(/\n\[… [\d,]+ characters removed by Safeguard to fit the context …\]$/);
  await expect(page.getByTestId('run-hint')).toContainText('Ready to run');
});

test('Ctrl+Enter runs; the verdict says which model, policy and effort; a disagreement with the example stands out', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Policy source').selectOption({ label: 'Spam Policy (SP)' });
  const examples = page.getByLabel('Labelled example');
  const safeExample = (await examples.locator('option').allTextContents()).find((t) => t.startsWith('0 · '))!;
  await examples.selectOption({ label: safeExample });
  await page.getByLabel('Content').press('Control+Enter');
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 }); // the scripted model always says 1
  await expect(page.getByTestId('expected')).toHaveAttribute('data-agrees', 'false');
  await expect(page.getByTestId('expected')).toHaveClass(/expected-differs/);
  await expect(page.getByTestId('expected')).toContainText('✗ Labelled example: expected 0');
  await expect(page.getByTestId('verdict-meta')).toHaveText('Scripted test model · policy “Spam Policy (SP)” · low reasoning · answer limit 2,048 tokens');
  await page.screenshot({ path: 'test-results/screenshots/verdict-differs-1280.png', fullPage: true });
});

test('a mirror whose file list fails says it is retrying, then the download completes', async ({ page }) => {
  await resetServer();
  await injectFaults([{ match: '/api/models/', action: 'status', status: 503, times: 2 }]);
  await page.goto(appUrl());
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('download-notice')).toContainText(/File list from 127\.0\.0\.1:\d+: HTTP 503, retrying in \d+ s \(attempt 2\)/, { timeout: 60_000 });
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
});

test('Run pressed twice at once starts one classification, not two interleaved ones', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Content').fill('Buy cheap watches at spam.example!!!');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Run', exact: true }).dblclick();
  await page.getByLabel('Content').press('Control+Enter');
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
  const stats = await page.getByTestId('stats').textContent();
  const generated = Number(stats!.match(/answer (\d+) tokens/)![1]);
  await page.getByText('Model reasoning (raw, for reviewers)').click();
  const reasoning = (await page.getByTestId('reasoning').locator('pre').textContent())!;
  const opening = reasoning.slice(0, 24);
  expect(reasoning.split(opening).length - 1).toBe(1); // one run's reasoning, not two merged
  await expect(page.getByTestId('running')).toHaveCount(0);
  expect(generated).toBeGreaterThan(0);
});
