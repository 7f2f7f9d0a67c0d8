import { defineConfig } from 'vitest/config';

// Browser tests: run against the built app (dist/web) in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
