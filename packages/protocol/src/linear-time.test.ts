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

/**
 * Decodes `bytes` pushed one byte at a time; returns the CPU seconds it took. CPU time, not wall
 * time, so other processes competing for the two cores cannot stretch one run and not the other.
 */
function decodeBytewise(bytes: Uint8Array): number {
  let length = 0;
  const decoder = createEventDecoder({
    maxEventSize: 8 * MB,
    onEvent: (event) => {
      if (event.type === 'text-delta') length = event.delta.length;
    },
  });
  const started = process.cpuUsage();
  for (let index = 0; index < bytes.length; index++) decoder.push(bytes.subarray(index, index + 1));
  decoder.end();
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  expect(length).toBeGreaterThan(bytes.length - 100);
  return seconds;
}

describe('decoder cost', () => {
  it('grows linearly: an 8x larger event in 1-byte chunks costs far less than 64x the CPU', () => {
    decodeBytewise(bigEventStream(MB / 4)); // warm up the JIT so the small run is not the slow one
    // The best of two runs each: interference only ever adds time.
    const small = Math.min(
      decodeBytewise(bigEventStream(MB / 2)),
      decodeBytewise(bigEventStream(MB / 2)),
    );
    const large = Math.min(
      decodeBytewise(bigEventStream(4 * MB)),
      decodeBytewise(bigEventStream(4 * MB)),
    );
    // Linear is ~8x; a parser that re-scans or re-joins its buffer per chunk is ~64x. The bound
    // sits at a third of the quadratic figure, three times the linear one, to survive noise.
    expect(large / small).toBeLessThan(24);
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
