import { describe, expect, it } from 'vitest';
import { defineSystems } from './define-systems.js';
import { withEnv } from './with-env.js';

describe('withEnv', () => {
  it("adds to a system's own environment and wins over it, leaving the original untouched", () => {
    const { tokenwire } = defineSystems({ apiEntry: '/api/main.js' });
    const configured = withEnv(tokenwire, {
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
    });
    const env = configured.process?.env('http://127.0.0.1:1/v1', 2) ?? {};
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      PORT: '2',
    });
    expect(tokenwire.process?.env('http://127.0.0.1:1/v1', 2).REDIS_URL).toBeUndefined();
  });

  it('refuses a system without a process (direct)', () => {
    const { direct } = defineSystems({ apiEntry: '/api/main.js' });
    expect(() => withEnv(direct, {})).toThrow(/no process/);
  });
});
