import { describe, expect, it } from 'vitest';
import { createKeepAliveAgents, readTimeoutHintMs } from './create-keep-alive-agents.js';

describe('readTimeoutHintMs', () => {
  it('reads timeout=N in seconds wherever it stands, as ms', () => {
    expect(readTimeoutHintMs('timeout=5')).toBe(5_000);
    expect(readTimeoutHintMs('max=100, timeout=60')).toBe(60_000);
    expect(readTimeoutHintMs('Timeout = 7')).toBe(7_000);
  });

  it('finds no hint in other parameters or malformed values', () => {
    expect(readTimeoutHintMs('max=100')).toBeUndefined();
    expect(readTimeoutHintMs('timeouts=3')).toBeUndefined();
    expect(readTimeoutHintMs('timeout=soon')).toBeUndefined();
    expect(readTimeoutHintMs('')).toBeUndefined();
  });
});

describe('createKeepAliveAgents', () => {
  it('refuses idle timeouts that are negative, NaN or infinite', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createKeepAliveAgents({ idleTimeoutMs: bad })).toThrow(/idleTimeoutMs/);
      expect(() => createKeepAliveAgents({ maxIdleTimeoutMs: bad })).toThrow(/maxIdleTimeoutMs/);
    }
  });

  it('refuses a negative or fractional maxSpareConnections, by that name', () => {
    for (const bad of [-1, 2.5, Number.NaN]) {
      expect(() => createKeepAliveAgents({ maxSpareConnections: bad })).toThrow(
        /maxSpareConnections/,
      );
    }
  });
});
