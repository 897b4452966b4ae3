import { sourceConfig } from '@tokenwire/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  ...sourceConfig,
  test: {
    include: ['src/**/*.test.ts'],
    // Each file starts its own nginx and API; the machine has two cores shared with others.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
