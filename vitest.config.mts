import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Whole ETL runs, Spark and browsers on a shared 2-core machine: generous limits; speed is measured in bench/.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
