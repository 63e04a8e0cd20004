// Inputs a real deployment meets: a mirror nobody answers at is named within seconds (not after a minute of
// silent retries), and 200,000 characters of content are counted in the worker without freezing the page.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { appUrl, downloadUntilReady, resetServer } from './model-server';

test.setTimeout(600_000);

test('an unreachable mirror is named within seconds', async ({ page }) => {
  // A port nothing listens on: every connection is refused.
  const closedPort = execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]).toString();
  await page.goto(`/app/?debug=1&model=scripted-test-model&mirror=${encodeURIComponent(`http://127.0.0.1:${closedPort}`)}`);
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('download-notice')).toContainText(new RegExp(`File list from 127\\.0\\.0\\.1:${closedPort}: network error .*retrying in \\d+ s \\(attempt 2\\)`), { timeout: 5_000 });
});

test('200,000 characters of content: the page stays responsive and the prompt is counted in the worker', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Content').fill('lorem ipsum dolor sit amet '.repeat(7408).slice(0, 200_000));
  // While the worker tokenizes, the main thread keeps answering: a long task here would stall this round trip.
  const started = Date.now();
  await page.getByLabel('Reasoning effort').selectOption('medium');
  await expect(page.getByLabel('Reasoning effort')).toHaveValue('medium');
  expect(Date.now() - started).toBeLessThan(5_000); // a freeze detector, not a speed figure
  await expect(page.getByTestId('prompt-size')).toHaveText(/^Prompt (\d{2,3}),\d{3} tokens/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled(); // fits the 131,072-token context
});
