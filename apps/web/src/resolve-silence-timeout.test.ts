import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSilenceTimeout } from './resolve-silence-timeout.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('resolveSilenceTimeout', () => {
  it("leaves the client's default when VITE_SILENCE_TIMEOUT_MS is unset or blank", () => {
    expect(resolveSilenceTimeout(undefined)).toBeUndefined();
    expect(resolveSilenceTimeout(' ')).toBeUndefined();
  });

  it('reads whole milliseconds, 0 (off) included', () => {
    expect(resolveSilenceTimeout('3000')).toBe(3000);
    expect(resolveSilenceTimeout(' 20000 ')).toBe(20_000);
    expect(resolveSilenceTimeout('0')).toBe(0);
  });

  it('ignores what is not a whole number of milliseconds, and says so', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const value of ['3s', '-1', '2.5', 'Infinity']) {
      expect(resolveSilenceTimeout(value)).toBeUndefined();
    }
    expect(warn).toHaveBeenCalledTimes(4);
  });
});
