import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8-byte-length.js';

describe('utf8ByteLength', () => {
  it('counts what Buffer.byteLength counts, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text));
      }),
      { numRuns: 2000 },
    );
    expect(utf8ByteLength('\ud83d')).toBe(Buffer.byteLength('\ud83d'));
    expect(utf8ByteLength('a\udc00b')).toBe(Buffer.byteLength('a\udc00b'));
  });
});
