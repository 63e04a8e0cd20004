// The local model server the e2e tests download from (scripts/model-server.mjs) and its fault controls.
import { expect, type Page } from '@playwright/test';
import { MODEL_SERVER_PORT } from './ports';

export { MODEL_SERVER_PORT };
export const MODEL_SERVER = `http://127.0.0.1:${MODEL_SERVER_PORT}`;
export const SCRIPTED_MODEL_DIR = '.cache/scripted-model';

export interface ServedRequest {
  method: string;
  path: string;
  range: string | null;
  status: number;
}

export type Fault = { match: string; times: number } & ({ action: 'drop' } | { action: 'delay'; ms: number } | { action: 'status'; status: number; retryAfter?: number });

export async function resetServer() {
  await fetch(`${MODEL_SERVER}/__control/reset`, { method: 'POST' });
}

export async function injectFaults(faults: Fault[]) {
  await fetch(`${MODEL_SERVER}/__control/faults`, { method: 'POST', body: JSON.stringify(faults) });
}

/** The server sends `file` with one byte changed; with `listing`, its tree listing vouches for the changed bytes. */
export async function tamperWith(file: string, listing: boolean) {
  await fetch(`${MODEL_SERVER}/__control/tamper`, { method: 'POST', body: JSON.stringify({ file, listing }) });
}

export async function servedRequests(): Promise<ServedRequest[]> {
  return (await fetch(`${MODEL_SERVER}/__control/log`)).json();
}

export const weightRequests = (log: ServedRequest[]) => log.filter((r) => r.path.endsWith('.safetensors'));

/** The app's URL with the scripted model served locally, in chunks small enough to exercise resuming; debug=1
 *  offers the test-only model and controls. */
export const appUrl = (chunkMiB = 4) => `/app/?debug=1&model=scripted-test-model&mirror=${encodeURIComponent(MODEL_SERVER)}&chunkMiB=${chunkMiB}`;

/** Opens one of the app's sections: Classify, Batch & evaluate, Review, Policies, Model (Server in server mode). */
export async function openSection(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** Presses Download model in the Classify section and waits until the model is loaded on the GPU. */
export async function downloadUntilReady(page: Page) {
  await openSection(page, 'Classify'); // its model line has the button
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect(page.getByTestId('model-state')).toContainText('Ready', { timeout: 300_000 });
}
