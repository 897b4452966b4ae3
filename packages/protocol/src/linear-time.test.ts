import { describe, expect, it } from 'vitest';
import { createEventDecoder } from './create-event-decoder.js';
import { encodeEvent } from './encode-event.js';
import { ProtocolError } from './protocol-error.js';

const MB = 1_000_000;

/** A single text-delta of `size` bytes and a finish, as bytes. */
function bigEventStream(size: number): Uint8Array {
  const delta = 'All work and no play makes Jack a dull boy. '
    .repeat(Math.ceil(size / 44))
    .slice(0, size);
  return new TextEncoder().encode(
    encodeEvent({ type: 'text-delta', delta }, 0) +
      encodeEvent({ type: 'finish', reason: 'stop' }, 1),
  );
}

/** Decodes `bytes` pushed one byte at a time; returns the seconds it took. */
function decodeBytewise(bytes: Uint8Array): number {
  let length = 0;
  const decoder = createEventDecoder({
    maxEventSize: 8 * MB,
    onEvent: (event) => {
      if (event.type === 'text-delta') length = event.delta.length;
    },
  });
  const started = performance.now();
  for (let index = 0; index < bytes.length; index++) decoder.push(bytes.subarray(index, index + 1));
  decoder.end();
  const seconds = (performance.now() - started) / 1000;
  expect(length).toBeGreaterThan(bytes.length - 100);
  return seconds;
}

describe('decoder cost', () => {
  it('grows linearly: a 5 MB event in 1-byte chunks takes well under 10x the time of a 1 MB one', () => {
    decodeBytewise(bigEventStream(MB / 4)); // warm up the JIT so the 1 MB run is not the slow one
    const oneMB = Math.min(decodeBytewise(bigEventStream(MB)), decodeBytewise(bigEventStream(MB)));
    // The best of two runs each: load from other processes only ever adds time.
    const fiveMB = Math.min(
      decodeBytewise(bigEventStream(5 * MB)),
      decodeBytewise(bigEventStream(5 * MB)),
    );
    // Linear is ~5x; a parser that re-scans or re-joins its buffer per chunk is ~25x.
    expect(fiveMB / oneMB).toBeLessThan(10);
  }, 120_000);

  it('stops a line that never ends at maxEventSize instead of buffering it forever', () => {
    const decoder = createEventDecoder({ onEvent: () => {}, maxEventSize: MB });
    const chunk = new Uint8Array(4096).fill(0x78);
    let fed = 0;
    let error: unknown;
    try {
      // Without the limit this loop would only end when memory does.
      for (;;) {
        decoder.push(chunk);
        fed += chunk.length;
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('event_too_large');
    expect(fed).toBeGreaterThanOrEqual(MB - chunk.length);
    expect(fed).toBeLessThanOrEqual(MB);
  });

  it('stops an event that grows line by line without a blank line', () => {
    const decoder = createEventDecoder({ onEvent: () => {}, maxEventSize: MB });
    const lines = 'data: {"type":"text-delta","delta":"again"}\n'.repeat(100);
    let fed = 0;
    expect(() => {
      for (;;) {
        decoder.push(lines);
        fed += lines.length;
      }
    }).toThrowError(expect.objectContaining({ code: 'event_too_large' }));
    expect(fed).toBeLessThanOrEqual(MB);
  });
});
