import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,harmony,classify,common,delivery,backends,platform,server,widget,testing,src,scripts}/**/*.test.{ts,tsx}'],
    // Dawn is a native addon: run test files in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
