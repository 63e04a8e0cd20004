import { defineConfig } from '@playwright/test';
import { MODEL_SERVER, MODEL_SERVER_PORT, SCRIPTED_MODEL_DIR } from './e2e/model-server';
import { APP_PORT } from './e2e/ports';

// Debian's Chromium: Playwright's own browser download does not work on our machines (see README).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Flags a root/offline CI box needs; without the networking ones Chromium keeps dialling Google.
const quietChromium = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
  },
  webServer: [
    {
      // Serves the built site (npm test builds it first), under a sub-path to prove relative asset URLs work.
      command: `npx vite preview --base /app/ --port ${APP_PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${APP_PORT}/app/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // A stand-in for the Hugging Face Hub serving the scripted test model (generated here, never committed).
      command: `node scripts/run-node.mjs scripts/fixtures/make-scripted-model.ts ${SCRIPTED_MODEL_DIR} && node scripts/model-server.mjs --root ${SCRIPTED_MODEL_DIR} --port ${MODEL_SERVER_PORT}`,
      url: `${MODEL_SERVER}/__control/log`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu/,
      use: { launchOptions: { executablePath, args: ['--enable-unsafe-webgpu', ...quietChromium] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu/,
      use: { launchOptions: { executablePath, args: quietChromium /* WebGPU not enabled: headless Linux Chromium then hands out no adapter */ } },
    },
  ],
});
