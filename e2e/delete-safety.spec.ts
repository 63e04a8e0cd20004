// Deleting a cached model at any moment (during its load, a run, a download, the checksum pass) stops that work
// first and leaves a state a reload reads correctly: the model is simply gone, with no false checksum error.
import { expect, test, type Page } from '@playwright/test';
import { appUrl, downloadUntilReady, injectFaults, openSection, resetServer } from './model-server';

test.setTimeout(600_000);
const MODEL = 'Scripted test model';

/** Presses the model's Delete and confirms, checking the confirmation is asked first. */
async function deleteModel(page: Page) {
  await openSection(page, 'Model');
  await page.getByRole('button', { name: `Delete ${MODEL} from this browser` }).click();
  const confirm = page.getByRole('group', { name: `Confirm deleting ${MODEL}` });
  await expect(confirm).toContainText('Using it again means downloading it again');
  await confirm.getByRole('button', { name: 'Delete model' }).click();
}

async function expectGoneAfterReload(page: Page) {
  await expect(page.getByTestId('notice')).toContainText(`Deleted scripted-test-model from this browser`);
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Download model' })).toBeVisible();
  await expect(page.getByTestId('model-state')).toContainText('Not downloaded');
  await expect(page.getByTestId('cached-models')).toHaveCount(0);
  await expect(page.getByTestId('model-error')).toHaveCount(0);
}

test('Delete asks first, the two Delete buttons have distinct names, and Keep it keeps the model', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0); // no bare "Delete" left
  await openSection(page, 'Policies');
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Delete policy/ })).toBeVisible();
  await openSection(page, 'Model');
  await page.getByRole('button', { name: `Delete ${MODEL} from this browser` }).click();
  await page.screenshot({ path: 'test-results/screenshots/model-delete-confirm-1280.png', fullPage: true });
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('complete');
  await expect(page.getByTestId('model-state')).toContainText('Ready');
});

test('Delete while loading from the cache stops the load; a reload finds the model gone and a new download works', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.reload(); // loads from the cache by itself
  await expect(page.getByTestId('model-state')).toContainText('Loading onto the GPU');
  await deleteModel(page);
  await expectGoneAfterReload(page);
  await downloadUntilReady(page); // nothing left behind breaks a fresh download
  await expect(page.getByTestId('cached-state-scripted-test-model')).toHaveText('complete');
});

test('Delete during a run stops the run and unloads the model first', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await page.getByLabel('Content').fill('Buy cheap watches at spam.example!!!');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('running')).toBeVisible();
  await deleteModel(page);
  await expect(page.getByTestId('running')).toHaveCount(0);
  await openSection(page, 'Classify');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await expectGoneAfterReload(page);
});

test('Delete during a download stops it and deletes what was stored', async ({ page }) => {
  await resetServer();
  await injectFaults([{ match: '.safetensors', action: 'delay', ms: 300, times: 1000 }]);
  await page.goto(appUrl(1));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('model-state')).toContainText(/Downloading Scripted test model: [1-9][\d.]* MB of 53\.6 MB stored/, { timeout: 120_000 });
  await deleteModel(page);
  await expect(page.getByTestId('download-progress')).toHaveCount(0);
  await expectGoneAfterReload(page);
});

test('Delete during the checksum pass stops it and deletes everything', async ({ page }) => {
  await resetServer();
  await page.goto(appUrl());
  // Press Delete and confirm from inside the page the moment verifying starts (it lasts well under a second).
  await page.evaluate((model) => {
    const find = (name: string) => [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
    const tick = () => {
      const state = document.querySelector('[data-testid="model-state"]')?.textContent ?? '';
      if (!state.includes('verifying checksums')) return requestAnimationFrame(tick);
      find(`Delete ${model} from this browser`)!.click();
      const confirm = () => (find('Delete model') ? find('Delete model')!.click() : requestAnimationFrame(confirm));
      confirm();
    };
    tick();
  }, MODEL);
  await openSection(page, 'Model'); // where the Delete button is
  await page.getByRole('button', { name: 'Download model' }).click();
  await expectGoneAfterReload(page);
});
