// Server mode in a Chromium without WebGPU (the no-webgpu project): the app classifies one item and a batch through
// `safeguard serve`, says everywhere that content goes to that host, sends it nowhere else, and names what is wrong
// with a bad URL, an unreachable server or a model the server lacks.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startServe, SERVED_MODEL, type RunningServe } from './safeguard-serve';

let serve: RunningServe;
test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(() => serve?.stop());

async function connect(page: Page, url: string, model = SERVED_MODEL) {
  await page.getByRole('radio', { name: /A server/ }).check();
  await page.getByLabel('Server URL').fill(url);
  await page.getByLabel('Model name').fill(model);
  await page.getByRole('button', { name: 'Connect' }).click();
}

test('classifies through safeguard serve without WebGPU, says where content goes, and sends it nowhere else', async ({ page }) => {
  test.setTimeout(300_000);
  const contacted = new Set<string>();
  page.on('request', (r) => contacted.add(new URL(r.url()).origin));
  await page.goto('/app/');
  await expect(page.getByRole('alert')).toHaveAttribute('data-error', 'NoGpuAdapterError'); // this browser cannot run the model
  await expect(page.getByRole('alert')).toContainText('Or choose A server under Where the model runs');

  await connect(page, serve.url);
  await expect(page.getByTestId('server-state')).toHaveText(`Connected to ${serve.host}: it serves ${SERVED_MODEL}.`);
  await expect(page.getByTestId('tagline')).toContainText('on the server you chose: content is sent to it');
  await expect(page.getByTestId('sends-to').first()).toHaveText(`Server mode: the policy and the content you classify are sent to ${serve.host}.`);
  await expect(page.getByRole('alert')).toHaveCount(0); // the GPU error belongs to the browser mode

  // Choosing a server opened its settings; the Classify section shows the server line.
  await page.getByRole('tab', { name: 'Classify', exact: true }).click();
  await expect(page.getByTestId('server-bar')).toContainText(`Connected to ${serve.host}`);
  await page.getByLabel('Content', { exact: true }).fill('Buy cheap watches at spam.example!!!');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 120_000 });
  const probability = Number(await page.getByTestId('verdict-probability').getAttribute('data-probability'));
  expect(probability).toBeCloseTo(0.818, 2); // from the server's logprobs
  await expect(page.getByTestId('stats')).toContainText(`Classified by ${SERVED_MODEL} on ${serve.host}`);
  await page.getByTestId('reasoning').locator('summary').click();
  await expect(page.getByTestId('reasoning')).toContainText('Scripted test model: content flagged by design.');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/server-mode-1280.png', fullPage: true });

  // A batch goes through the same server, several items at a time.
  await page.getByRole('tab', { name: 'Batch & evaluate' }).click();
  await expect(page.getByTestId('new-batch').getByTestId('sends-to')).toContainText(serve.host);
  await page.getByLabel('Batch file (CSV or JSONL)').setInputFiles({ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from('text,label\nBuy now,1\nSee you at 5,0\nFree prize,1\n') });
  await page.getByRole('combobox', { name: 'Expected label column' }).selectOption('label');
  await page.getByTestId('new-batch').getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'Spam Policy (SP)' });
  await page.getByRole('button', { name: 'Start batch of 3' }).click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'finished', { timeout: 180_000 });
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  const confusion = page.getByTestId('confusion');
  for (const [cell, n] of [['tp', 2], ['fp', 1], ['tn', 0], ['fn', 0]] as const) await expect(confusion.locator(`[data-cell="${cell}"]`)).toHaveText(String(n));

  // Content went only to this site and the chosen server.
  expect([...contacted].sort()).toEqual([new URL(page.url()).origin, new URL(serve.url).origin].sort());
  expect(serve.log.filter((l) => l.startsWith('POST /v1/chat/completions 200'))).toHaveLength(4);

  // The choice is kept across a reload; back to This browser, the page says nothing leaves the machine again.
  await page.reload();
  await expect(page.getByTestId('server-state')).toHaveText(`Connected to ${serve.host}: it serves ${SERVED_MODEL}.`);
  await page.getByRole('radio', { name: /This browser/ }).check();
  await expect(page.getByTestId('tagline')).toContainText('Nothing you type leaves this machine');
  await expect(page.getByTestId('sends-to')).toHaveCount(0);
});

test('names a bad URL at once, an unreachable server and a model the server does not serve', async ({ page }) => {
  await page.goto('/app/');
  await page.getByRole('radio', { name: /A server/ }).check();
  await page.getByLabel('Server URL').fill('localhost 8000');
  await expect(page.getByTestId('server-url-problem')).toContainText('is not a URL');
  await expect(page.getByRole('button', { name: 'Connect' })).toBeDisabled();
  await page.getByLabel('Server URL').fill('https://gpu.example.org/v1');
  await expect(page.getByTestId('server-url-problem')).toContainText('SAFEGUARD_MODEL_HOSTS=https://gpu.example.org');

  // Nothing listens on port 9 of this machine.
  await connect(page, 'http://127.0.0.1:9/v1');
  await expect(page.getByTestId('server-error')).toHaveAttribute('data-error', 'ServerUnreachableError', { timeout: 30_000 });
  await expect(page.getByTestId('server-error')).toContainText('--allowed-origins');

  await page.getByLabel('Server URL').fill(serve.url);
  await page.getByLabel('Model name').fill('gpt-oss-safeguard-120b');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('server-error')).toHaveAttribute('data-error', 'ServerModelError');
  await expect(page.getByTestId('server-error')).toContainText(`does not serve "gpt-oss-safeguard-120b". It serves: ${SERVED_MODEL}.`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/server-mode-errors-390.png', fullPage: true });
});
