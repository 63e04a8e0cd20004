// The embeddable classifier (issue 15) on the scripted model: the example moderation queue loads the built package
// (dist/widget/) from its own origin under the documented CSP; load="interaction" downloads nothing until the
// click; the verdict event carries the scripted label and probability; for= classifies a textarea; three elements
// share one worker and one model; iframe mode answers an allowed origin and nothing else.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { widgetContentSecurityPolicy } from '../widget/widget-csp';
import { MODEL_SERVER, resetServer, servedRequests } from './model-server';
import { APP_PORT } from './ports';
import { startStaticServer, type StaticServer } from './static-server';

const SCRIPTED = 0.818; // sigmoid(1.5): the scripted model's verdict probability
const servers: StaticServer[] = [];
test.afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}

test('the example moderation queue: consent before any download, verdict events, for=, one shared worker, under the CSP', async ({ page }) => {
  test.setTimeout(300_000);
  const csp = widgetContentSecurityPolicy([MODEL_SERVER]);
  const site = await startStaticServer({ '/widget/': 'dist/widget', '/': 'examples/admin-panel' }, { 'content-security-policy': csp });
  servers.push(site);
  await resetServer();
  await recordViolations(page);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.goto(`${site.origin}/?model=scripted-test-model&mirror=${encodeURIComponent(MODEL_SERVER)}`);
  await page.evaluate(() => {
    (window as unknown as { verdicts: unknown[] }).verdicts = [];
    document.addEventListener('verdict', (e) => (window as unknown as { verdicts: unknown[] }).verdicts.push((e as CustomEvent).detail));
  });

  const items = page.locator('.item');
  await expect(items.nth(0).getByText('The model is not on this machine yet: Scripted test model, 53.6 MB')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await servedRequests()).toEqual([]); // load="interaction": nothing fetched before the click
  expect(page.workers()).toHaveLength(1); // three elements, one engine worker

  await items.nth(0).getByRole('button', { name: 'Download model and classify' }).click();
  await expect(items.nth(0).getByTestId('decision')).toHaveText('Flagged: violation (82 %)', { timeout: 180_000 });
  const [first] = await page.evaluate(() => (window as unknown as { verdicts: Array<Record<string, unknown>> }).verdicts);
  expect(first).toMatchObject({ label: 'violation', violation: 1, ruleIds: [], reasoning: 'Scripted test model: content flagged by design.' });
  expect(first.probability as number).toBeCloseTo(SCRIPTED, 2);
  await expect(items.nth(0).locator('safeguard-classifier').getByText('violation', { exact: true })).toBeVisible(); // the chip
  await items.nth(0).locator('safeguard-classifier').getByText('Reasoning').click();
  await expect(items.nth(0).locator('safeguard-classifier').locator('pre')).toHaveText('Scripted test model: content flagged by design.');

  // The other elements use the model the first one brought: no consent asked again, no second download.
  const listings = (await servedRequests()).length;
  await expect(items.nth(1).getByRole('button', { name: 'Classify' })).toBeVisible();
  const byApi = await page.evaluate(() => (document.querySelectorAll('safeguard-classifier')[1] as unknown as { classify(): Promise<{ label: string }> }).classify());
  expect(byApi.label).toBe('violation');
  await expect(items.nth(1).getByTestId('decision')).toHaveText('Flagged: violation (82 %)');

  // for=: the reply the moderator is writing.
  await items.nth(2).getByRole('textbox').fill('Great deal at bit.ly/x');
  await items.nth(2).getByRole('button', { name: 'Classify' }).click();
  await expect(items.nth(2).getByTestId('decision')).toHaveText('Flagged: violation (82 %)', { timeout: 120_000 });
  await expect(page.locator('#tally')).toHaveText('3 of 3 items classified.');

  // The JS API's classifyMany on the same worker and model: three items, two decoded together, results by index.
  const many = await page.evaluate(async (mirror) => {
    const widget = (await import('/widget/safeguard-widget.js' as string)) as typeof import('../widget/index');
    const classifier = widget.createClassifier({ model: 'scripted-test-model', mirror });
    await classifier.ready();
    const order: number[] = [];
    const policy = '# Spam\nReturn exactly one character: 0 or 1.';
    const results = await classifier.classifyMany(['Buy now', 'Cheap watches, click here today', 'Hi'].map((content) => ({ policy, content, format: 'binary' })), {
      concurrency: 2,
      onResult: (index) => order.push(index),
    });
    classifier.dispose();
    return { labels: results.map((r) => r.verdict.violation), probabilities: results.map((r) => r.probability), order };
  }, MODEL_SERVER);
  expect(many.labels).toEqual([1, 1, 1]);
  for (const p of many.probabilities) expect(p).toBeCloseTo(SCRIPTED, 2);
  expect([...many.order].sort()).toEqual([0, 1, 2]);
  expect((await servedRequests()).length).toBe(listings);
  expect(page.workers()).toHaveLength(1);

  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/widget-example-1280.png', fullPage: true });
});

test('iframe mode answers a page on its allow-list from another origin, and nothing to any other origin', async ({ page }) => {
  test.setTimeout(300_000);
  const allowed = await startStaticServer({ '/': { html: '<!doctype html><title>embedding page</title><body></body>' } });
  const other = await startStaticServer({ '/': { html: '<!doctype html><title>other page</title><body></body>' } });
  servers.push(allowed, other);
  const frameUrl = `http://127.0.0.1:${APP_PORT}/app/widget.html?origins=${encodeURIComponent(allowed.origin)}&model=scripted-test-model&mirror=${encodeURIComponent(MODEL_SERVER)}`;

  const embed = async (origin: string) => {
    await page.goto(`${origin}/`);
    await page.evaluate((src) => {
      const w = window as unknown as { messages: Array<Record<string, unknown>> };
      w.messages = [];
      addEventListener('message', (e) => w.messages.push(e.data));
      const frame = document.createElement('iframe');
      Object.assign(frame, { src, title: 'Safeguard classifier' });
      frame.style.cssText = 'width: 40rem; height: 10rem; border: 1px solid #ccc';
      document.body.append(frame);
    }, frameUrl);
    await expect(page.frameLocator('iframe').locator('safeguard-classifier')).toBeAttached();
  };
  const send = (id: string) =>
    page.evaluate((id) => document.querySelector('iframe')!.contentWindow!.postMessage({
      protocol: 'safeguard-widget', v: 1, type: 'classify', id, request: { policy: '# Spam\nReturn 0 or 1.', content: 'Buy watches now', format: 'binary' },
    }, '*'), id);
  const messages = () => page.evaluate(() => (window as unknown as { messages: Array<Record<string, unknown>> }).messages);

  // Not on the list: not even the hello, and a request gets no answer.
  await embed(other.origin);
  await send('x1');
  await page.waitForTimeout(3000);
  expect(await messages()).toEqual([]);

  await embed(allowed.origin);
  await expect.poll(messages).toContainEqual(expect.objectContaining({ type: 'hello', model: expect.objectContaining({ id: 'scripted-test-model' }) }));
  await send('r1');
  // The download consent happens inside the frame.
  await page.frameLocator('iframe').getByRole('button', { name: 'Download model and classify' }).click();
  await expect.poll(async () => (await messages()).find((m) => m.type === 'verdict'), { timeout: 180_000 }).toMatchObject({ id: 'r1', verdict: { label: 'violation', violation: 1 } });
  const verdict = (await messages()).find((m) => m.type === 'verdict') as { verdict: { probability: number } };
  expect(verdict.verdict.probability).toBeCloseTo(SCRIPTED, 2);
  expect((await messages()).some((m) => m.type === 'progress' && m.id === 'r1')).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/widget-iframe-1280.png' });
});
