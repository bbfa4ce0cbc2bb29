import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Browser tests (test/e2e) run in the same run; they set their own longer timeouts.
    exclude: ['**/node_modules/**'],
    // Store tests on one PostgreSQL database must not interleave files that reset schemas.
    fileParallelism: true,
    testTimeout: 30_000,
    // Every command that uses a cached instance state also loads it and compares (command-executor.ts).
    env: { POTOK_VERIFY_STATE_CACHE: '1' },
    hookTimeout: 60_000,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
