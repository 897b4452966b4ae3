import { describe, expect, it } from 'vitest';
import { encodeEvent } from './encode-event.js';
import { EventDecoderStream } from './event-decoder-stream.js';
import type { TokenwireEvent } from './events.js';
import { ProtocolError } from './protocol-error.js';
import { decodeWithStream } from './test-support/decode.js';

const encoder = new TextEncoder();
const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo' };
const deltas: TokenwireEvent[] = ['a', 'b', 'c'].map((delta) => ({ type: 'text-delta', delta }));
const finish: TokenwireEvent = { type: 'finish', reason: 'stop' };

function sourceOf(chunks: Array<Uint8Array | string>): ReadableStream<Uint8Array | string> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Reads slowly, so events pile up in the stream's queue before the failure is known. */
async function readSlowly(
  stream: ReadableStream<TokenwireEvent>,
): Promise<{ events: TokenwireEvent[]; error: unknown }> {
  const events: TokenwireEvent[] = [];
  const reader = stream.getReader();
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) return { events, error: undefined };
      events.push(step.value);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } catch (error) {
    return { events, error };
  }
}

describe('EventDecoderStream', () => {
  it('turns a byte stream into events and closes after finish', async () => {
    const bytes = encoder.encode([start, ...deltas, finish].map(encodeEvent).join(''));
    const result = await decodeWithStream([bytes.subarray(0, 7), bytes.subarray(7)]);
    expect(result.events.map((entry) => entry.event)).toEqual([start, ...deltas, finish]);
    expect(result.error).toBeNull();
    expect(result.lastEventId).toBe('4');
  });

  it('errors with truncated only after the reader has every event decoded before', async () => {
    const text = [start, ...deltas].map(encodeEvent).join('');
    const { events, error } = await readSlowly(
      sourceOf([encoder.encode(text)]).pipeThrough(new EventDecoderStream()),
    );
    expect(events).toEqual([start, ...deltas]);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('truncated');
  });

  it('delivers the events of a chunk that also holds a malformed frame, then errors', async () => {
    const text = `${[start, ...deltas].map(encodeEvent).join('')}data: {oops\n\n`;
    const { events, error } = await readSlowly(
      sourceOf([text]).pipeThrough(new EventDecoderStream()),
    );
    expect(events).toEqual([start, ...deltas]);
    expect((error as ProtocolError).code).toBe('malformed_event');
  });

  it('passes maxEventSize and onUnknownEvent on to the decoder', async () => {
    const unknown: unknown[] = [];
    const stream = new EventDecoderStream({
      maxEventSize: 64,
      onUnknownEvent: (event) => unknown.push(event),
    });
    const text = `data: {"type":"note"}\n\ndata: {"type":"text-delta","delta":"${'x'.repeat(64)}"}\n\n`;
    const { error } = await readSlowly(sourceOf([text]).pipeThrough(stream));
    expect(unknown).toEqual([{ type: 'note' }]);
    expect((error as ProtocolError).code).toBe('event_too_large');
  });

  it('exposes lastEventId and hasEnded for a resume', async () => {
    const stream = new EventDecoderStream();
    const text = [start, deltas[0] as TokenwireEvent].map(encodeEvent).join('');
    await readSlowly(sourceOf([text]).pipeThrough(stream));
    expect(stream.lastEventId).toBe('1');
    expect(stream.hasEnded).toBe(false);
  });

  it('stops waiting to error when the reader cancels instead of reading', async () => {
    const readable = sourceOf(['data: {oops\n\n']).pipeThrough(new EventDecoderStream());
    await expect(readable.cancel('gone')).resolves.toBeUndefined();
  });
});
