import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createUtf8StreamDecoder,
  type Utf8StreamDecoderOptions,
} from './create-utf8-stream-decoder.js';
import { cutAt, cutBySizes } from './test-support/decode.js';

const reference = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

function decodeChunks(chunks: Uint8Array[], options?: Utf8StreamDecoderOptions): string {
  const utf8 = createUtf8StreamDecoder(options);
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

  describe('with the streaming mode’s converter for large chunks', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const repeat = (values: number[], times: number): number[] =>
      Array.from({ length: times }, () => values).flat();

    /** How many `decode` calls `run` made to a decoder other than the whole-input one. */
    function converterCalls(run: () => void): number {
      const decode = vi.spyOn(TextDecoder.prototype, 'decode');
      // An ASCII chunk past the small-chunk path, in a new stream: always decoded whole.
      createUtf8StreamDecoder().decode(new TextEncoder().encode('plain ASCII, decoded whole'));
      const whole = decode.mock.contexts[0];
      run();
      const count = decode.mock.contexts.filter((context) => context !== whole).length;
      decode.mockRestore();
      return count;
    }

    // Long inputs, mostly past ASCII, with invalid bytes among them: chunks past 17 bytes leave
    // the small-chunk path, and the recent share of such chunks soon passes a half.
    const longBytes = fc
      .oneof(
        fc.array(interestingByte, { minLength: 40, maxLength: 300 }),
        fc
          .string({ unit: 'binary', minLength: 20, maxLength: 300 })
          .map((text) => [...new TextEncoder().encode(text)]),
      )
      .chain((unit) => fc.integer({ min: 4, max: 16 }).map((times) => repeat(unit, times)));

    const chunkSizes = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 12 });

    it('gives exactly what one TextDecoder call gives, for any bytes cut anywhere', () => {
      let used = 0;
      fc.assert(
        fc.property(
          longBytes,
          fc.array(fc.nat(3000), { minLength: 10, maxLength: 60 }),
          (values, cuts) => {
            const bytes = Uint8Array.from(values);
            const chunks = cutAt(bytes, cuts);
            const expected = reference(bytes);
            used += converterCalls(() => {
              expect(decodeChunks(chunks, { converterFrom: 17 })).toBe(expected);
            });
            expect(decodeChunks(chunks)).toBe(expected);
            expect(decodeChunks(chunks, { converterFrom: Number.POSITIVE_INFINITY })).toBe(
              expected,
            );
          },
        ),
        { numRuns: 300 },
      );
      // The property held where it matters: through the converter, not only beside it.
      expect(used).toBeGreaterThan(300);
    });

    it('shares its converter between streams whose chunks interleave', () => {
      fc.assert(
        fc.property(longBytes, longBytes, chunkSizes, (first, second, sizes) => {
          const streams = [first, second].map((values) => {
            const bytes = Uint8Array.from(values);
            const decoder = createUtf8StreamDecoder({ converterFrom: 17 });
            return { bytes, chunks: cutBySizes(bytes, sizes), decoder, text: '' };
          });
          const turns = Math.max(...streams.map((stream) => stream.chunks.length));
          for (let turn = 0; turn < turns; turn++) {
            for (const stream of streams) {
              const chunk = stream.chunks[turn];
              if (chunk !== undefined) stream.text += stream.decoder.decode(chunk);
            }
          }
          for (const stream of streams) stream.text += stream.decoder.flush();
          expect(streams.map((stream) => stream.text)).toEqual(
            streams.map((stream) => reference(stream.bytes)),
          );
        }),
        { numRuns: 300 },
      );
    });

    it('decodes large chunks of text past ASCII through the converter, and ASCII whole', () => {
      const encode = (text: string) => new TextEncoder().encode(text);
      const chunksOf = (text: string) => Array.from({ length: 20 }, () => encode(text));
      const cjk = chunksOf('流式传输逐字回答。'.repeat(60));
      const ascii = chunksOf('plain words streamed one by one. '.repeat(60));
      expect(converterCalls(() => decodeChunks(cjk))).toBeGreaterThan(10);
      expect(converterCalls(() => decodeChunks(ascii))).toBe(0);
      // Chunks under the threshold are decoded whole, whatever they hold.
      expect(converterCalls(() => decodeChunks(chunksOf('流式传输')))).toBe(0);
    });
  });
});
