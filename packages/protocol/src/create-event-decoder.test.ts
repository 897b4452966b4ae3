import { describe, expect, it } from 'vitest';
import { createEventDecoder } from './create-event-decoder.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent, UnknownEvent } from './events.js';
import { ProtocolError } from './protocol-error.js';
import { decodeWithPushDecoder } from './test-support/decode.js';

const encoder = new TextEncoder();

const sample: TokenwireEvent[] = [
  { type: 'start', id: 'gen_1', model: 'demo' },
  { type: 'text-delta', delta: 'héllo 👩‍💻\r\n<br />' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } },
];
const sampleText = sample.map((event, seq) => encodeEvent(event, seq)).join('');

const eventsOf = (result: ReturnType<typeof decodeWithPushDecoder>): TokenwireEvent[] =>
  result.events.map((entry) => entry.event);

describe('createEventDecoder', () => {
  it('decodes every event when the stream arrives one byte at a time', () => {
    const bytes = encoder.encode(`: ping\n\n${sampleText}`);
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(decodeWithPushDecoder(chunks)).toEqual({
      events: sample.map((event, seq) => ({ seq, event })),
      unknownEvents: [],
      error: null,
      lastEventId: '2',
    });
  });

  it('treats a CRLF split across two chunks as one line end', () => {
    const text = sampleText.replaceAll('\n', '\r\n');
    const cut = text.indexOf('\r\n') + 1;
    expect(eventsOf(decodeWithPushDecoder([text.slice(0, cut), text.slice(cut)]))).toEqual(sample);
  });

  it('reports a stream without finish or error as truncated, after the events it had', () => {
    const result = decodeWithPushDecoder([encodeEvent(sample[0] as TokenwireEvent, 0)]);
    expect(result.error).toEqual({ code: 'truncated' });
    expect(eventsOf(result)).toEqual([sample[0]]);
  });

  it('reports a stream cut inside the terminal frame as truncated', () => {
    const result = decodeWithPushDecoder([sampleText.slice(0, -1)]);
    expect(result.error).toEqual({ code: 'truncated' });
    expect(eventsOf(result)).toEqual(sample.slice(0, 2));
  });

  it('reports an empty body as truncated', () => {
    expect(decodeWithPushDecoder([]).error).toEqual({ code: 'truncated' });
  });

  it('ends the stream at an error event, which is as final as finish', () => {
    const error: TokenwireEvent = { type: 'error', code: 'x', message: 'y', retryable: true };
    const result = decodeWithPushDecoder([
      encodeEvent(sample[0] as TokenwireEvent, 0) + encodeEvent(error, 1),
    ]);
    expect(result.error).toBeNull();
    expect(eventsOf(result)).toEqual([sample[0], error]);
  });

  it('ignores everything after the terminal event, even bytes that would not decode', () => {
    const decoder = createEventDecoder({ onEvent: () => {}, maxEventSize: 100 });
    decoder.push(`${sampleText}data: not json\n\ndata: ${'x'.repeat(500)}`);
    decoder.push(`data: ${'x'.repeat(500)}\n\n`);
    expect(decoder.hasEnded).toBe(true);
    expect(decoder.lastEventId).toBe('2');
    expect(() => decoder.end()).not.toThrow();
  });

  it('does not deliver events that follow the terminal event in the same chunk', () => {
    const result = decodeWithPushDecoder([
      sampleText + encodeEvent({ type: 'text-delta', delta: 'late' }, 3),
    ]);
    expect(eventsOf(result)).toEqual(sample);
  });

  it('reports malformed JSON as malformed_event after the events before it', () => {
    const result = decodeWithPushDecoder([
      `${encodeEvent(sample[0] as TokenwireEvent, 0)}id: 1\ndata: {"type":"text-delta",\n\n`,
    ]);
    expect(result.error).toEqual({ code: 'malformed_event' });
    expect(eventsOf(result)).toEqual([sample[0]]);
    // A resume must ask again for the frame that failed, not skip it.
    expect(result.lastEventId).toBe('0');
  });

  it('reports a known event with a missing field as invalid_event', () => {
    const result = decodeWithPushDecoder(['id: 0\ndata: {"type":"text-delta"}\n\n']);
    expect(result.error).toEqual({ code: 'invalid_event' });
  });

  it('throws the same error again on every later push and on end', () => {
    const decoder = createEventDecoder({ onEvent: () => {} });
    expect(() => decoder.push('data: nope\n\n')).toThrow(ProtocolError);
    expect(() => decoder.push(sampleText)).toThrowError(
      expect.objectContaining({ code: 'malformed_event' }),
    );
    expect(() => decoder.end()).toThrowError(expect.objectContaining({ code: 'malformed_event' }));
    expect(decoder.hasEnded).toBe(false);
  });

  it('skips unknown event types and reports them, with their seq', () => {
    const unknown: Array<[UnknownEvent, number | undefined]> = [];
    const events: TokenwireEvent[] = [];
    const decoder = createEventDecoder({
      onEvent: (event) => events.push(event),
      onUnknownEvent: (event, seq) => unknown.push([event, seq]),
    });
    decoder.push('id: 0\ndata: {"type":"source-url","url":"x"}\n\n');
    decoder.push(encodeEvent({ type: 'finish', reason: 'stop' }, 1));
    decoder.end();
    expect(unknown).toEqual([[{ type: 'source-url', url: 'x' }, 0]]);
    expect(events).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(decoder.lastEventId).toBe('1');
  });

  it('skips unknown event types silently without onUnknownEvent', () => {
    const result = decodeWithPushDecoder([
      'id: 0\ndata: {"type":"tool-call","args":{}}\n\n',
      encodeEvent({ type: 'finish', reason: 'stop' }, 1),
    ]);
    expect(eventsOf(result)).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('skips a frame with an SSE event name, which v1 never sends, without parsing its data', () => {
    const result = decodeWithPushDecoder([
      'id: 0\nevent: patch\ndata: not json\n\n',
      'id: 1\nevent: message\ndata: {"type":"finish","reason":"stop"}\n\n',
    ]);
    expect(result.unknownEvents).toEqual([{ seq: 0, event: { type: 'patch', data: 'not json' } }]);
    expect(eventsOf(result)).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('gives a seq only for an id made of decimal digits', () => {
    const seqs: Array<number | undefined> = [];
    const decoder = createEventDecoder({ onEvent: (_event, seq) => seqs.push(seq) });
    const delta = 'data: {"type":"text-delta","delta":""}\n\n';
    for (const id of ['12', '9007199254740991', '', ' 1', '0x10', '1e3', '-1', '1.5', 'abc']) {
      decoder.push(`id: ${id}\n${delta}`);
    }
    decoder.push(`id: 9007199254740992\n${delta}id\n${delta}`);
    expect(seqs).toEqual([12, 2 ** 53 - 1, ...Array(9).fill(undefined)]);
  });

  it('ends with event_too_large instead of growing without bound', () => {
    const decoder = createEventDecoder({ onEvent: () => {}, maxEventSize: 100 });
    expect(() => decoder.push(`data: ${'x'.repeat(200)}`)).toThrowError(
      expect.objectContaining({ code: 'event_too_large' }),
    );
  });

  it('lets an error thrown by onEvent through, even from the terminal event', () => {
    const decoder = createEventDecoder({
      onEvent: (event) => {
        if (event.type === 'finish') throw new Error('render failed');
      },
    });
    expect(() => decoder.push(sampleText)).toThrow('render failed');
  });
});
