import { describe, expect, it } from 'vitest';
import { createClientIpResolver } from './create-client-ip-resolver.js';

describe('createClientIpResolver', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolve = createClientIpResolver([]);
    expect(resolve('127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
    expect(resolve('::ffff:127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('takes the address a trusted proxy saw, not what the client wrote at the left', () => {
    const resolve = createClientIpResolver(['loopback']);
    expect(resolve('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    // The client sent "1.1.1.1" itself; the proxy appended the real peer.
    expect(resolve('127.0.0.1', '1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(resolve('::1', '2001:db8::1')).toBe('2001:db8::1');
  });

  it('walks through a chain of trusted proxies', () => {
    const resolve = createClientIpResolver(['10.0.0.0/8', '192.0.2.10']);
    expect(resolve('10.1.2.3', '198.51.100.4, 192.0.2.10, 10.9.9.9')).toBe('198.51.100.4');
    expect(resolve('10.1.2.3', '10.2.2.2, 10.3.3.3')).toBe('10.2.2.2');
  });

  it('does not believe the header from a peer that is not trusted', () => {
    const resolve = createClientIpResolver(['private']);
    expect(resolve('198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
    expect(resolve('192.168.1.5', 'not-an-ip, 203.0.113.7')).toBe('203.0.113.7');
    expect(resolve('192.168.1.5', 'garbage')).toBe('192.168.1.5');
  });
});
