import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUtf8StreamDecoder } from './create-utf8-stream-decoder.js';
import { cutAt } from './test-support/decode.js';

const reference = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

function decodeChunks(chunks: Uint8Array[]): string {
  const utf8 = createUtf8StreamDecoder();
  return chunks.map((chunk) => utf8.decode(chunk)).join('') + utf8.flush();
}

// Bytes that exercise every decoder state: ASCII, lead bytes of each length, continuation bytes
// in and out of the ranges E0/ED/F0/F4 allow, bytes that can never appear, and a BOM.
const interestingByte = fc.constantFrom(
  0x00,
  0x0a,
  0x41,
  0x7f,
  0x80,
  0x8f,
  0x90,
  0x9f,
  0xa0,
  0xbf,
  0xc0,
  0xc1,
  0xc2,
  0xdf,
  0xe0,
  0xed,
  0xef,
  0xbb,
  0xf0,
  0xf4,
  0xf5,
  0xff,
);

describe('createUtf8StreamDecoder', () => {
  it('splits a 4-byte emoji across chunks and still decodes it', () => {
    const utf8 = createUtf8StreamDecoder();
    const parts = [0xf0, 0x9f, 0x98, 0x80].map((byte) => utf8.decode(Uint8Array.of(byte)));
    expect(parts).toEqual(['', '', '', '😀']);
  });

  it('keeps a BOM at the start of the stream and of every chunk: the SSE parser strips it', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    expect(decodeChunks([bom, bom])).toBe('\ufeff\ufeff');
  });

  it('does not hold on to the caller’s buffer for a carried-over character', () => {
    const utf8 = createUtf8StreamDecoder();
    const buffer = Uint8Array.of(0x61, 0xe2, 0x82);
    expect(utf8.decode(buffer)).toBe('a');
    buffer.fill(0);
    expect(utf8.decode(Uint8Array.of(0xac))).toBe('€');
  });

  it('ends an unfinished character as one U+FFFD on flush', () => {
    const utf8 = createUtf8StreamDecoder();
    expect(utf8.decode(Uint8Array.of(0xf0, 0x9f, 0x98))).toBe('');
    expect(utf8.flush()).toBe('\ufffd');
    expect(utf8.flush()).toBe('');
  });

  it('gives exactly what one TextDecoder call gives, for any bytes cut anywhere', () => {
    const byteArrays = fc.oneof(
      fc.array(interestingByte, { maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
      fc
        .string({ unit: 'binary', maxLength: 20 })
        .map((text) => [...new TextEncoder().encode(text)]),
    );
    fc.assert(
      fc.property(byteArrays, fc.array(fc.nat(40)), (values, cuts) => {
        const bytes = Uint8Array.from(values);
        expect(decodeChunks(cutAt(bytes, cuts))).toBe(reference(bytes));
        expect(decodeChunks(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toBe(
          reference(bytes),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('gives exactly what one TextDecoder call gives for long chunks past the small-chunk path', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 20, maxLength: 200 }),
        fc.array(fc.nat(800)),
        (text, cuts) => {
          const bytes = new TextEncoder().encode(text);
          expect(decodeChunks(cutAt(bytes, cuts))).toBe(text);
        },
      ),
    );
  });
});
