import { sourceConfig } from '@tokenwire/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  ...sourceConfig,
  test: { include: ['src/**/*.test.ts'], testTimeout: 20_000 },
});
