// A mirror is not trusted by its own word: the scripted model's files are pinned in the app, so a mirror whose
// listing vouches for altered bytes is refused before any weight is fetched, and one whose listing is honest but
// whose bytes are altered is refused after the checksum pass. A model with no pin says so and shows a fingerprint.
import { expect, test } from '@playwright/test';
import { appUrl, downloadUntilReady, openSection, resetServer, servedRequests, tamperWith, weightRequests } from './model-server';

test.setTimeout(600_000);
const SHARD = 'model-00000-of-00002.safetensors';

test('altered weights with a listing that vouches for them: refused before downloading, named as the mirror serving different files', async ({ page }) => {
  await resetServer();
  await tamperWith(SHARD, true);
  await page.goto(appUrl());
  await expect(page.getByTestId('trust')).toHaveAttribute('data-trust', 'pinned');
  await page.getByRole('button', { name: 'Download model' }).click();
  const error = page.getByTestId('model-error');
  await expect(error).toHaveAttribute('data-error-name', 'MirrorMismatchError', { timeout: 120_000 });
  await expect(error).toContainText('The download source serves different files');
  await expect(error).toContainText(`serves different files than the pinned manifest of safeguard-web/scripted-gpt-oss@v1 (built into the app): ${SHARD}: the mirror lists sha256`);
  expect(weightRequests(await servedRequests())).toEqual([]);
  await expect(page.getByTestId('model-state')).not.toContainText('Ready');
  await page.screenshot({ path: 'test-results/screenshots/mirror-mismatch-1280.png', fullPage: true });
});

test('altered weights behind an honest listing: refused after the checksum pass, never loaded', async ({ page }) => {
  await resetServer();
  await tamperWith(SHARD, false);
  await page.goto(appUrl());
  await page.getByRole('button', { name: 'Download model' }).click();
  const error = page.getByTestId('model-error');
  await expect(error).toHaveAttribute('data-error-name', 'MirrorMismatchError', { timeout: 300_000 });
  await expect(error).toContainText(`${SHARD} did not match the pinned sha256 even after downloading again`);
  await expect(page.getByTestId('model-state')).not.toContainText('Ready');
  await expect(page.getByTestId('cached-state-scripted-test-model')).not.toHaveText('complete');
});

test('a model with no pin says its files are trusted on first use; a pinned one shows the fingerprint of what was stored', async ({ page }) => {
  await resetServer();
  await page.goto('/app/');
  await expect(page.getByTestId('trust')).toHaveAttribute('data-trust', 'first-use');
  await expect(page.getByTestId('trust')).toContainText('No official checksums are pinned in this build for gpt-oss-safeguard-20b');
  await page.goto(appUrl());
  await downloadUntilReady(page);
  await expect(page.getByTestId('fingerprint')).toHaveText(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
});

test('the production page hides the test-only model and the simulated device loss; a mistyped mirror is named', async ({ page }) => {
  await page.goto('/app/');
  await openSection(page, 'Model');
  const models = page.getByRole('combobox', { name: 'Model', exact: true });
  await expect(models.locator('option')).toHaveText([/^gpt-oss-safeguard-20b/]);
  await page.getByText('GPU device', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Simulate GPU device loss' })).toHaveCount(0);
  await page.getByText('Download source', { exact: true }).click();
  await page.getByRole('textbox', { name: /Base URL/ }).fill('huggingface.co/models');
  await expect(page.getByTestId('mirror-problem')).toContainText('This is not a URL');
  await expect(page.getByRole('button', { name: 'Download model' })).toBeDisabled();
  // A host the site's Content-Security-Policy does not allow is named too (the download could not reach it).
  await page.getByRole('textbox', { name: /Base URL/ }).fill('https://models.example.org/hf');
  await expect(page.getByTestId('mirror-problem')).toContainText("This site's Content-Security-Policy does not allow connections to https://models.example.org");
  await expect(page.getByRole('button', { name: 'Download model' })).toBeDisabled();
  await page.getByRole('textbox', { name: /Base URL/ }).fill('https://huggingface.co');
  await expect(page.getByTestId('mirror-problem')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download model' })).toBeEnabled();
});

test("an organisation's pinned manifest file is checked, shown and used for the model it names", async ({ page }) => {
  await page.goto('/app/#model'); // the section is kept in the address
  await page.getByText('Download source', { exact: true }).click();
  await page.getByLabel('Pinned manifest file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"repo": "openai/gpt-oss-safeguard-20b"}') });
  await expect(page.getByTestId('org-pin-error')).toContainText('The pinned manifest from broken.json has no "revision"');
  const pin = {
    repo: 'openai/gpt-oss-safeguard-20b', revision: 'main',
    files: [{ path: 'config.json', size: 1, sha256: 'a'.repeat(64) }, { path: 'model-00000-of-00002.safetensors', size: 2, sha256: 'b'.repeat(64) }],
  };
  await page.getByLabel('Pinned manifest file').setInputFiles({ name: 'org-pin.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pin)) });
  await expect(page.getByTestId('org-pin-source')).toContainText('Using openai/gpt-oss-safeguard-20b@main from org-pin.json (2 files).');
  await expect(page.getByTestId('trust')).toHaveAttribute('data-trust', 'pinned');
  await expect(page.getByTestId('trust')).toContainText("your organisation's pinned manifest (org-pin.json)");
  await page.reload(); // kept in the settings
  await expect(page.getByTestId('trust')).toHaveAttribute('data-trust', 'pinned');
  await page.screenshot({ path: 'test-results/screenshots/org-pin-1280.png', fullPage: true });
  await page.getByText('Download source', { exact: true }).click();
  await page.getByRole('button', { name: 'Remove pin' }).click();
  await expect(page.getByTestId('trust')).toHaveAttribute('data-trust', 'first-use');
});
