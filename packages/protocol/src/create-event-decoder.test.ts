import { describe, expect, it } from 'vitest';
import { createEventDecoder } from './create-event-decoder.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import { ProtocolError } from './protocol-error.js';

const encoder = new TextEncoder();

function decodeAll(chunks: Array<Uint8Array | string>): TokenwireEvent[] {
  const events: TokenwireEvent[] = [];
  const decoder = createEventDecoder({ onEvent: (event) => events.push(event) });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

const sample: TokenwireEvent[] = [
  { type: 'start', id: 'gen_1', model: 'demo' },
  { type: 'text-delta', delta: 'héllo 👩‍💻\r\n<br />' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } },
];

describe('createEventDecoder', () => {
  it('decodes every event when the stream arrives one byte at a time', () => {
    const bytes = encoder.encode(`: ping\n\n${sample.map((e, i) => encodeEvent(e, i)).join('')}`);
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(decodeAll(chunks)).toEqual(sample);
  });

  it('treats a CRLF split across two chunks as one line end', () => {
    const text = sample.map((e, i) => encodeEvent(e, i).replaceAll('\n', '\r\n')).join('');
    const cut = text.indexOf('\r\n') + 1;
    expect(decodeAll([text.slice(0, cut), text.slice(cut)])).toEqual(sample);
  });

  it('reports a stream without finish or error as truncated', () => {
    const text = encodeEvent(sample[0] as TokenwireEvent, 0);
    expect(() => decodeAll([text])).toThrowError(
      expect.objectContaining({ code: 'truncated' }) as unknown as ProtocolError,
    );
  });

  it('skips unknown event types and reports them', () => {
    const unknown: unknown[] = [];
    const events: TokenwireEvent[] = [];
    const decoder = createEventDecoder({
      onEvent: (event) => events.push(event),
      onUnknownEvent: (event) => unknown.push(event),
    });
    decoder.push('id: 0\ndata: {"type":"reasoning-delta","delta":"x"}\n\n');
    decoder.push(encodeEvent({ type: 'finish', reason: 'stop' }, 1));
    decoder.end();
    expect(unknown).toEqual([{ type: 'reasoning-delta', delta: 'x' }]);
    expect(events).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(decoder.lastEventId).toBe('1');
  });

  it('ends with event_too_large instead of growing without bound', () => {
    const decoder = createEventDecoder({ onEvent: () => {}, maxEventSize: 100 });
    expect(() => decoder.push(`data: ${'x'.repeat(200)}`)).toThrow(ProtocolError);
  });
});
