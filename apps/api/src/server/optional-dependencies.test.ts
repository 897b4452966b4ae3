import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningRedis, startRedis } from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApi } from '../test-support/spawn-api.js';

// A module resolve hook (it runs on Node's hooks thread) that appends every package specifier
// the API's modules import, static or dynamic, to the file it is given: not relative paths,
// absolute ones or URLs (`node:`, `file:`, `data:`).
const HOOKS = `
import { appendFileSync } from 'node:fs';
let logFile;
export function initialize(data) { logFile = data.logFile; }
export async function resolve(specifier, context, next) {
  if (!/^[./]/.test(specifier) && !specifier.includes(':')) {
    appendFileSync(logFile, specifier + '\\n');
  }
  return next(specifier, context);
}`;

/** Starts the API with the hook and returns the packages it imported by the time it listened. */
async function packagesImportedAtStart(env: Record<string, string>): Promise<Set<string>> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'tokenwire-imports-')), 'imports.txt');
  writeFileSync(logFile, '');
  const preload = `import { register } from 'node:module'; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(HOOKS)}`,
  )}, { data: { logFile: ${JSON.stringify(logFile)} } });`;
  const api = await spawnApi({ RATE_LIMIT_PER_MINUTE: '0', ...env }, [
    '--import',
    `data:text/javascript,${encodeURIComponent(preload)}`,
  ]);
  try {
    return new Set(readFileSync(logFile, 'utf8').split('\n').filter(Boolean));
  } finally {
    api.child.kill('SIGINT');
    await api.exited;
  }
}

describe('dependencies only some configurations use', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('an API with a configured upstream and no REDIS_URL loads neither ioredis nor the demo upstream', async () => {
    const imported = await packagesImportedAtStart({
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'sk-test',
    });
    // The hook saw the API's own imports, packages only...
    expect([...imported].filter((specifier) => /^[./]|:/.test(specifier))).toEqual([]);
    expect(imported).toContain('openai');
    expect(imported).toContain('@tokenwire/server/node');
    // ...and none of these.
    expect(imported).not.toContain('ioredis');
    expect(imported).not.toContain('@tokenwire/server/redis');
    expect(imported).not.toContain('@tokenwire/mock-openai');
  }, 30_000);

  it('loads them when REDIS_URL is set and no upstream is configured', async () => {
    const imported = await packagesImportedAtStart({ REDIS_URL: redis.url });
    expect(imported).toContain('ioredis');
    expect(imported).toContain('@tokenwire/server/redis');
    expect(imported).toContain('@tokenwire/mock-openai');
  }, 30_000);
});
