import { sourceConfig } from '@tokenwire/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  ...sourceConfig,
  // Property tests run thousands of cases; on a loaded two-core CI box 5 s is too tight.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
