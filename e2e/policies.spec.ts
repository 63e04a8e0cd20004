// The user's own policies in IndexedDB: duplicate a preset, edit (saved automatically), rename, survive a reload,
// export and import Markdown, refuse a wrong file with a reason, delete. No model is needed for any of it.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appUrl, openSection } from './model-server';

const source = (page: Page) => page.getByLabel('Policy source');
const policyText = (page: Page) => page.getByRole('textbox', { name: 'Policy', exact: true });
const selectedName = (page: Page) => source(page).locator('option:checked');

test('saved policies: duplicate, autosave, rename, reload, export, import, bad file, delete', async ({ page }) => {
  await page.goto(appUrl());
  await expect(selectedName(page)).toHaveText('Harassment Policy (HA)'); // first preset by title
  await expect(page.getByTestId('policy-status')).toHaveText('Preset');

  // Editing a preset says it is not saved; Duplicate keeps it.
  await source(page).selectOption({ label: 'Spam Policy (SP)' });
  await expect(policyText(page)).toHaveValue(/^# Spam Policy \(SP\)/);
  await page.getByRole('button', { name: 'Manage policies' }).click(); // the Policies section
  await expect(page.getByRole('navigation', { name: 'Policy library' }).getByRole('button', { name: /^Spam Policy \(SP\)/ })).toHaveAttribute('aria-current', 'true');
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(selectedName(page)).toHaveText('Spam Policy (SP) copy');
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'saved');

  const custom = '# Team rules\n\n## INSTRUCTIONS\nFlag messages that sell anything.\n';
  await policyText(page).fill(custom);
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'saved');
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Policy name').fill('Team rules');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(selectedName(page)).toHaveText('Team rules');
  await expect(page.getByTestId('policy-facts')).toContainText('no standard OUTPUT FORMAT section');

  // The format selector writes the standard OUTPUT FORMAT section into the policy (and it is saved too).
  await openSection(page, 'Classify');
  await expect(page.getByTestId('format-hint')).toBeVisible();
  await page.getByLabel('Output format').selectOption('json');
  await expect(policyText(page)).toHaveValue(/## OUTPUT FORMAT\nReturn one JSON object and nothing else/);
  await expect(page.getByTestId('format-hint')).toBeHidden();
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'saved');
  const savedText = await policyText(page).inputValue();
  expect(savedText.startsWith(custom)).toBe(true);

  await page.reload();
  await expect(selectedName(page)).toHaveText('Team rules');
  await expect(policyText(page)).toHaveValue(savedText);
  await expect(page.getByLabel('Output format')).toHaveValue('json');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screenshots/saved-policy-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await openSection(page, 'Policies');
  await expect(page.getByTestId('policy-facts')).toContainText('answer format: json');
  await page.screenshot({ path: 'test-results/screenshots/policies-section-1280.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/policies-section-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .md' }).click()]);
  expect(download.suggestedFilename()).toBe('Team rules.md'); // Import reads this name back
  expect(await readFile(await download.path(), 'utf8')).toBe(savedText);

  // Import: the name comes from the heading; markup in it stays text.
  const imported = '# Hate Speech <img src=x onerror="window.__pwned=1"> (HS)\r\n\r\n## INSTRUCTIONS\r\nFlag slurs.\r\n';
  await page.getByLabel('Import policy files').setInputFiles({ name: 'Hate Speech <img src=x onerror="window.__pwned=1"> (HS).md', mimeType: 'text/markdown', buffer: Buffer.from(imported) });
  await expect(selectedName(page)).toHaveText('Hate Speech <img src=x onerror="window.__pwned=1"> (HS)');
  await expect(policyText(page)).toHaveValue(imported.replace(/\r\n/g, '\n'));
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  await page.getByLabel('Import policy files').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0xfd]) });
  await expect(page.getByTestId('policy-error')).toContainText('scan.pdf is not a text file');
  await expect(source(page).locator('optgroup[label="My policies"] option')).toHaveCount(2);

  // Delete asks first; afterwards only the imported policy remains, also after a reload.
  await page.getByRole('navigation', { name: 'Policy library' }).getByRole('button', { name: /^Team rules/ }).click();
  await expect(selectedName(page)).toHaveText('Team rules');
  await page.getByRole('button', { name: 'Delete policy “Team rules”' }).click();
  await expect(page.getByRole('group', { name: 'Confirm delete' })).toContainText('Delete “Team rules” from this browser?');
  await page.getByRole('button', { name: 'Delete policy' }).click();
  await expect(source(page).locator('optgroup[label="My policies"] option')).toHaveText([/^Hate Speech/]);
  await page.reload();
  await expect(source(page).locator('optgroup[label="My policies"] option')).toHaveText([/^Hate Speech/]);

  // New starts from the guide's blank template.
  await page.getByRole('button', { name: 'New' }).click();
  await expect(selectedName(page)).toHaveText('Untitled policy');
  await expect(policyText(page)).toHaveValue(/^# \[Policy name\] Policy \(\[ID\]\)/);
});

test('a preset offers its labelled examples; picking one fills the content', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByLabel('Policy source').selectOption({ label: 'Scams and Fraud Policy (SC)' });
  const examples = page.getByLabel('Labelled example');
  await expect(examples.locator('option')).toHaveCount(9); // placeholder + 8
  await examples.selectOption({ index: 2 });
  await expect(page.getByLabel('Content')).toHaveValue('Hi Mum, I lost my phone, this is my new number. Can you send £400 for rent today?');
});

test('an edited preset keeps its draft across switching and reloading; a format change and back is no edit; Revert restores it', async ({ page }) => {
  await page.goto(appUrl());
  await source(page).selectOption({ label: 'Spam Policy (SP)' });
  const original = await policyText(page).inputValue();
  await policyText(page).fill(`${original}\nExtra rule: links to casinos are spam.\n`);
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'preset-edited');

  await source(page).selectOption({ label: 'Harassment Policy (HA)' });
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'preset');
  await source(page).selectOption({ label: 'Spam Policy (SP)' });
  await expect(policyText(page)).toHaveValue(/Extra rule: links to casinos are spam\./);
  await expect(page.getByTestId('policy-status')).toContainText('your draft is kept in this browser');
  await page.reload();
  await expect(selectedName(page)).toHaveText('Spam Policy (SP)');
  await expect(policyText(page)).toHaveValue(/Extra rule: links to casinos are spam\./);
  await page.screenshot({ path: 'test-results/screenshots/preset-draft-1280.png', fullPage: true });

  await page.getByRole('button', { name: 'Revert to preset' }).click();
  await expect(policyText(page)).toHaveValue(original);
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'preset');

  // JSON output and back to 0/1 gives the preset's text again: not an edit.
  await page.getByLabel('Output format').selectOption('json');
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'preset-edited');
  await page.getByLabel('Output format').selectOption('binary');
  await expect(policyText(page)).toHaveValue(original);
  await expect(page.getByTestId('policy-status')).toHaveAttribute('data-status', 'preset');
});
