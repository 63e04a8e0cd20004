// Two tabs of the app over one cache (Web Locks): the second never downloads the same model at the same time; it
// shows the first tab's progress and loads the model when that is done, and takes over if the first tab is
// closed mid-download. The checksum pass proves nothing was written twice or corrupted.
import { expect, test, type Page } from '@playwright/test';
import { appUrl, injectFaults, resetServer, servedRequests, weightRequests } from './model-server';

test.setTimeout(600_000);

async function startSlowDownload(page: Page) {
  await resetServer();
  await injectFaults([{ match: '.safetensors', action: 'delay', ms: 300, times: 10_000 }]);
  await page.goto(appUrl(1));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('model-state')).toContainText(/Downloading Scripted test model: [1-9][\d.]* MB of 53\.6 MB stored/, { timeout: 120_000 });
}

async function pressDownloadInSecondTab(second: Page) {
  await second.goto(appUrl(1));
  await second.getByRole('button', { name: /Download model|Resume download/ }).click();
  await expect(second.getByTestId('notice')).toContainText('Another tab of Safeguard is downloading this model');
  await expect(second.getByTestId('model-state')).toContainText(/Another tab is downloading Scripted test model: [\d.]+ MB of 53\.6 MB stored/);
  await expect(second.getByRole('button', { name: 'Pause' })).toHaveCount(0); // the download is not this tab's to pause
  await expect(second.getByTestId('model-error')).toHaveCount(0);
}

test('the second tab waits for the first tab’s download, then loads the model without downloading it', async ({ context }) => {
  const first = await context.newPage();
  await startSlowDownload(first);
  const second = await context.newPage();
  await pressDownloadInSecondTab(second);
  await second.screenshot({ path: 'test-results/screenshots/second-tab-waiting-1280.png', fullPage: true });
  await expect(first.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  await expect(second.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  const ranges = weightRequests(await servedRequests()).filter((r) => r.status === 206).map((r) => `${r.path} ${r.range}`);
  expect(ranges.length).toBe(new Set(ranges).size); // every chunk fetched once, by one tab
});

test('closing the downloading tab hands the download over: the other tab resumes it and the checksums pass', async ({ context }) => {
  const first = await context.newPage();
  await startSlowDownload(first);
  const second = await context.newPage();
  await pressDownloadInSecondTab(second);
  await first.close(); // like a killed tab: its Web Lock is released
  await expect(second.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  await expect(second.getByTestId('cached-state-scripted-test-model')).toHaveText('complete');
  const ranges = weightRequests(await servedRequests()).filter((r) => r.status === 206).map((r) => `${r.path} ${r.range}`);
  expect(ranges.length - new Set(ranges).size).toBeLessThanOrEqual(3); // at most the chunks in flight at the close
});
