import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSequenceFinder } from './create-sequence-finder.js';
import { FRAMINGS } from './framings.js';

const NEEDLES = [
  ...new Set(Object.values(FRAMINGS).flatMap((spec) => [spec.finished, spec.failed ?? []].flat())),
];

/** Cuts `bytes` at the given points (any order, duplicates and out-of-range ones ignored). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const ends = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort(
    (a, b) => a - b,
  );
  const pieces: Buffer[] = [];
  let start = 0;
  for (const end of [...ends, bytes.length]) {
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  return pieces;
}

describe('createSequenceFinder', () => {
  it('finds a terminator cut across two chunks', () => {
    const finder = createSequenceFinder('data: [DONE]');
    finder.push(Buffer.from('…"finish_reason":"stop"}]}\n\ndata: [DO'));
    expect(finder.hasFound).toBe(false);
    finder.push(Buffer.from('NE]\n\n'));
    expect(finder.hasFound).toBe(true);
  });

  it('finds a terminator delivered one byte at a time', () => {
    const finder = createSequenceFinder('"type":"finish"');
    for (const byte of Buffer.from('id: 9\ndata: {"type":"finish","reason":"stop"}\n\n')) {
      finder.push(Uint8Array.of(byte));
    }
    expect(finder.hasFound).toBe(true);
  });

  it('does not report a terminator that never came', () => {
    const finder = createSequenceFinder('data: [DONE]');
    finder.push(Buffer.from('data: {"choices":[]}\n\ndata: [DON'));
    finder.push(Buffer.from('E\n\n'));
    expect(finder.hasFound).toBe(false);
  });

  it('agrees with a search of the whole stream, however it is cut', () => {
    // Streams made of pieces of the needle itself, so near misses and overlaps are common.
    const stream = (needle: string) =>
      fc
        .array(
          fc.oneof(
            fc.constant(needle),
            fc.integer({ min: 1, max: needle.length - 1 }).map((length) => needle.slice(0, length)),
            fc.integer({ min: 1, max: needle.length - 1 }).map((start) => needle.slice(start)),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 12 },
        )
        .map((parts) => Buffer.from(parts.join(''), 'latin1'));
    fc.assert(
      fc.property(
        fc
          .constantFrom(...NEEDLES)
          .chain((needle) =>
            fc.tuple(fc.constant(needle), stream(needle), fc.array(fc.nat(), { maxLength: 20 })),
          ),
        fc.boolean(),
        ([needle, bytes, points], asPlainArrays) => {
          const finder = createSequenceFinder(needle);
          for (const piece of cut(bytes, points)) {
            finder.push(asPlainArrays ? Uint8Array.from(piece) : piece);
          }
          expect(finder.hasFound).toBe(bytes.includes(Buffer.from(needle, 'latin1')));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses an empty sequence', () => {
    expect(() => createSequenceFinder('')).toThrow(/empty/);
  });
});
