// "Not persistent" explains itself and offers to ask the browser to keep the data; a refusal says how to get it,
// a grant shows at once.
import { expect, test } from '@playwright/test';
import { APP_PORT } from './ports';

test('Keep stored data: refused says what to do; granted (permission set through CDP) shows persistent', async ({ page, context }) => {
  await page.goto('/app/');
  const storage = page.getByTestId('storage');
  await expect(storage).toHaveAttribute('data-persisted', 'false');
  await expect(storage).toContainText('the browser may delete the cached model');
  await page.getByRole('button', { name: 'Keep stored data' }).click();
  await expect(page.getByTestId('persist-refused')).toContainText('Chrome grants it to sites you use often');

  // Grant it the way a user (or an installed app) would, for this test's browser context.
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  const cdp = await context.browser()!.newBrowserCDPSession();
  await cdp.send('Browser.setPermission', { permission: { name: 'persistent-storage' }, setting: 'granted', origin: `http://127.0.0.1:${APP_PORT}`, browserContextId: targetInfo.browserContextId });
  await page.getByRole('button', { name: 'Keep stored data' }).click();
  await expect(storage).toHaveAttribute('data-persisted', 'true');
  await expect(storage).toContainText('persistent: the browser keeps the model until you delete it');
});
