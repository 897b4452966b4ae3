import { describe, expect, test } from 'vitest';
import { createDockerignoreMatcher } from './create-dockerignore-matcher.js';

describe('createDockerignoreMatcher', () => {
  const isIgnored = createDockerignoreMatcher([
    '# build output',
    '**/node_modules',
    '**/dist',
    '!apps/keep/dist',
    '/.git',
    '*.log',
  ]);

  test('ignores matches at any depth and everything inside an ignored folder', () => {
    expect(isIgnored('node_modules')).toBe(true);
    expect(isIgnored('apps/web/node_modules/react/index.js')).toBe(true);
    expect(isIgnored('apps/web/dist/index.html')).toBe(true);
    expect(isIgnored('.git/HEAD')).toBe(true);
    expect(isIgnored('debug.log')).toBe(true);
  });

  test('keeps what no pattern names, what a later ! re-includes, and * within one folder only', () => {
    expect(isIgnored('apps/web/src/main.tsx')).toBe(false);
    expect(isIgnored('apps/keep/dist/file.js')).toBe(false);
    expect(isIgnored('logs/debug.log')).toBe(false);
    expect(isIgnored('./pnpm-lock.yaml')).toBe(false);
  });
});
