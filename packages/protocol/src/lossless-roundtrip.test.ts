import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_FRAME } from './constants.js';
import { createEncoderStream } from './create-encoder-stream.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import { anyEvent, trickyText } from './test-support/arbitraries.js';
import { cutAt, cutEvery, decodeWithPushDecoder, decodeWithStream } from './test-support/decode.js';

const encoder = new TextEncoder();

/** An answer: start, random deltas, a terminal event. */
const answer = fc
  .tuple(
    fc.record({ type: fc.constant('start' as const), id: trickyText, model: trickyText }),
    fc.array(trickyText, { maxLength: 25 }),
    anyEvent.filter((event) => event.type === 'finish' || event.type === 'error'),
  )
  .map(([start, deltas, end]) => ({
    deltas,
    events: [
      start,
      ...deltas.map((delta): TokenwireEvent => ({ type: 'text-delta', delta })),
      end,
    ] as TokenwireEvent[],
  }));

/** Where to cut the bytes: random offsets, fixed-size pieces, or every single byte. */
const chunking = fc.oneof(
  fc.record({ offsets: fc.array(fc.nat(2000), { maxLength: 60 }) }),
  fc.record({ every: fc.integer({ min: 1, max: 9 }) }),
);

function cut(bytes: Uint8Array, how: { offsets: number[] } | { every: number }): Uint8Array[] {
  return 'every' in how ? cutEvery(bytes, how.every) : cutAt(bytes, how.offsets);
}

async function encodeWithStream(events: TokenwireEvent[]): Promise<Uint8Array> {
  const stream = createEncoderStream({ heartbeatMs: false });
  const writer = stream.writable.getWriter();
  const written = (async () => {
    for (const event of events) await writer.write(event);
    await writer.close();
  })();
  const bytes = new Uint8Array(await new Response(stream.readable).arrayBuffer());
  await written;
  return bytes;
}

const deltasOf = (result: { events: Array<{ event: TokenwireEvent }> }): string[] =>
  result.events.flatMap(({ event }) => (event.type === 'text-delta' ? [event.delta] : []));

describe('lossless round trip', () => {
  it('gives back exactly the same deltas and text, whatever the text and the chunking (push decoder)', () => {
    fc.assert(
      fc.property(answer, chunking, ({ deltas, events }, how) => {
        const bytes = encoder.encode(events.map(encodeEvent).join(''));
        const result = decodeWithPushDecoder(cut(bytes, how));
        expect(result.error).toBeNull();
        expect(result.events).toEqual(events.map((event, seq) => ({ seq, event })));
        expect(deltasOf(result)).toEqual(deltas);
        expect(deltasOf(result).join('')).toBe(deltas.join(''));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives back exactly the same events one byte at a time, through both decoders', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async ({ events }) => {
        const bytes = encoder.encode(HEARTBEAT_FRAME + events.map(encodeEvent).join(''));
        const chunks = cutEvery(bytes, 1);
        expect(decodeWithPushDecoder(chunks).events.map((entry) => entry.event)).toEqual(events);
        expect((await decodeWithStream(chunks)).events.map((entry) => entry.event)).toEqual(events);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back exactly the same events from createEncoderStream through EventDecoderStream', async () => {
    await fc.assert(
      fc.asyncProperty(answer, chunking, async ({ deltas, events }, how) => {
        const bytes = await encodeWithStream(events);
        // The stream writes exactly what encodeEvent does, after its opening heartbeat.
        expect(bytes).toEqual(encoder.encode(HEARTBEAT_FRAME + events.map(encodeEvent).join('')));
        const result = await decodeWithStream(cut(bytes, how));
        expect(result.error).toBeNull();
        expect(result.events.map((entry) => entry.event)).toEqual(events);
        expect(deltasOf(result).join('')).toBe(deltas.join(''));
        expect(result.lastEventId).toBe(String(events.length - 1));
      }),
      { numRuns: 300 },
    );
    // 300 streamed round trips are CPU-bound: seconds when other suites share the cores.
  }, 60_000);

  it('decodes the same events from text chunks as from byte chunks', () => {
    fc.assert(
      fc.property(answer, fc.array(fc.nat(2000)), ({ events }, offsets) => {
        const text = events.map(encodeEvent).join('');
        const pieces: string[] = [];
        let start = 0;
        for (const offset of [...offsets].sort((a, b) => a - b)) {
          if (offset <= start || offset >= text.length) continue;
          pieces.push(text.slice(start, offset));
          start = offset;
        }
        pieces.push(text.slice(start));
        expect(decodeWithPushDecoder(pieces).events.map((entry) => entry.event)).toEqual(events);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps lone surrogates exactly, because JSON escapes them and the frame stays ASCII there', () => {
    const events: TokenwireEvent[] = [
      { type: 'start', id: 'g', model: 'm' },
      { type: 'text-delta', delta: '\ud83d' },
      { type: 'text-delta', delta: '\ude00 and \udfff alone' },
      { type: 'finish', reason: 'stop' },
    ];
    const result = decodeWithPushDecoder(
      cutEvery(encoder.encode(events.map(encodeEvent).join('')), 1),
    );
    expect(deltasOf(result)).toEqual(['\ud83d', '\ude00 and \udfff alone']);
    // Joined, the two halves make the emoji the model meant.
    expect(deltasOf(result).join('').startsWith('😀')).toBe(true);
  });

  it('reports any cut before the terminal frame is complete as truncated, never as a normal end', () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.integer({ min: 1, max: 7 }), ({ events }, at, every) => {
        const bytes = encoder.encode(events.map(encodeEvent).join(''));
        // Any cut that loses at least the final blank line's LF.
        const end = at % bytes.length;
        const result = decodeWithPushDecoder(cutEvery(bytes.subarray(0, end), every));
        expect(result.error).toEqual({ code: 'truncated' });
        expect(result.events.length).toBeLessThan(events.length);
        expect(result.events.map((entry) => entry.event)).toEqual(
          events.slice(0, result.events.length),
        );
      }),
      { numRuns: 500 },
    );
  });
});
