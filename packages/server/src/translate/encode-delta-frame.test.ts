import { encodeEvent } from '@tokenwire/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDeltaFrame } from './encode-delta-frame.js';

describe('encodeDeltaFrame', () => {
  it('gives the bytes encodeEvent gives for the decoded text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        // Every count of digits, and where one more begins.
        fc.oneof(fc.nat(), fc.constantFrom(0, 9, 10, 99, 100, 2 ** 31, Number.MAX_SAFE_INTEGER)),
        fc.nat(8),
        (text, seq, padding) => {
          // The literal sits inside a larger chunk, as it does in an upstream chunk.
          const literal = Buffer.from(JSON.stringify(text));
          const chunk = Buffer.concat([Buffer.alloc(padding, 0x7b), literal, Buffer.from('}')]);
          const frame = encodeDeltaFrame(seq, chunk, padding, padding + literal.length);
          expect(Buffer.from(frame).toString('hex')).toBe(
            Buffer.from(encodeEvent({ type: 'text-delta', delta: text }, seq)).toString('hex'),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
