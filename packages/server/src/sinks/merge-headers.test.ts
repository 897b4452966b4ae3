import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeHeaders } from './merge-headers.js';

describe('mergeHeaders', () => {
  it("keeps the host's headers and puts the answer's own on top, whatever the case", () => {
    expect(
      mergeHeaders(
        { 'access-control-allow-origin': '*', 'content-type': 'text/plain', Vary: 'Origin' },
        { 'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no' },
      ),
    ).toEqual({
      'access-control-allow-origin': '*',
      Vary: 'Origin',
      'Content-Type': 'text/event-stream',
      'X-Accel-Buffering': 'no',
    });
    expect(mergeHeaders(undefined, { 'retry-after': '1' })).toEqual({ 'retry-after': '1' });
  });

  it('gives what a Headers would hold with the host set first and the own set over it', () => {
    const name = fc.constantFrom(
      'Content-Type',
      'content-type',
      'Vary',
      'X-A',
      'x-a',
      'Retry-After',
    );
    const headers = fc.dictionary(name, fc.stringMatching(/^[\w/=;. -]{0,8}$/));
    fc.assert(
      fc.property(headers, headers, (host, own) => {
        const expected = new Headers(host);
        for (const [key, value] of Object.entries(own)) expected.set(key, value);
        // Own names that differ only in case are the caller's to avoid: a Headers keeps the last.
        const ownNames = Object.keys(own).map((key) => key.toLowerCase());
        fc.pre(new Set(ownNames).size === ownNames.length);
        const hostNames = Object.keys(host).map((key) => key.toLowerCase());
        fc.pre(new Set(hostNames).size === hostNames.length);
        expect([...new Headers(mergeHeaders(host, own))]).toEqual([...expected]);
      }),
    );
  });
});
