import { describe, expect, it } from 'vitest';
import { runMain, spawnApi } from './test-support/spawn-api.js';

describe('main.ts', () => {
  it('starts on PORT=0 with the demo upstream and logs the bound URL in a "listening" line', async () => {
    const api = await spawnApi({ RATE_LIMIT_PER_MINUTE: '0' });
    try {
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const listening = api.lines.find((line) => String(line.msg).includes('listening'));
      expect(String(listening?.msg)).toContain(api.url);
      expect(api.lines.some((line) => String(line.msg).includes('demo upstream'))).toBe(true);
      const response = await fetch(`${api.url}/api/health`);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    } finally {
      api.child.kill('SIGINT');
      expect(await api.exited).toBe(0);
    }
  }, 30_000);

  it('prints one clear line and exits 1 on bad configuration', async () => {
    const run = runMain({ PORT: 'eighty', RATE_LIMIT_PER_MINUTE: '-1' });
    expect(await run.exited).toBe(1);
    const stderr = run.stderr();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('RATE_LIMIT_PER_MINUTE');
    expect(run.lines).toEqual([]);
  }, 30_000);
});
