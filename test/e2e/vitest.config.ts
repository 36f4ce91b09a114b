import { defineConfig } from 'vitest/config';

/**
 * The browser suite: real `cmdbw serve`, real Chromium (Debian's /usr/bin/chromium through playwright-core),
 * no mocks of the core. `npm run test:e2e`. Screenshots land in test-results/e2e/.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: ['verbose'],
  },
});
