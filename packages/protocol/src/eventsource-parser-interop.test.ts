import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEncoderStream } from './create-encoder-stream.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import { anyEvent } from './test-support/arbitraries.js';

const events: TokenwireEvent[] = [
  { type: 'start', id: 'gen_1', model: 'gpt-4o-mini' },
  { type: 'text-delta', delta: 'Hello\n\ndata: [DONE]\r\n' },
  { type: 'text-delta', delta: '👩‍💻 \u2028 \ufeff <br />' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 2 } },
];

describe('a standard SSE client (eventsource-parser 3) reading a tokenwire stream', () => {
  it('sees every event as a plain message whose id is its seq and whose data is its JSON', () => {
    const messages: EventSourceMessage[] = [];
    const comments: string[] = [];
    const parser = createParser({
      onEvent: (message) => messages.push(message),
      onComment: (comment) => comments.push(comment),
    });
    parser.feed(`: ping\n\n${events.map(encodeEvent).join('')}`);
    expect(comments).toEqual(['ping']);
    expect(messages.map((message) => message.event)).toEqual(events.map(() => undefined));
    expect(messages.map((message) => message.id)).toEqual(['0', '1', '2', '3']);
    expect(messages.map((message) => JSON.parse(message.data))).toEqual(events);
  });

  it('gets the same events from createEncoderStream through EventSourceParserStream', async () => {
    const encoder = createEncoderStream({ heartbeatMs: false });
    const writer = encoder.writable.getWriter();
    void (async () => {
      for (const event of events) await writer.write(event);
      await writer.close();
    })();
    // TypeScript's DOM lib types TextDecoderStream's input as BufferSource, not Uint8Array.
    const messages = encoder.readable
      .pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>)
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    const decoded: unknown[] = [];
    for (let step = await messages.read(); !step.done; step = await messages.read()) {
      decoded.push(JSON.parse(step.value.data));
    }
    expect(decoded).toEqual(events);
  });

  it('reads any event we encode back exactly', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 10 }), (list) => {
        const messages: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (message) => messages.push(message) });
        for (const [seq, event] of list.entries()) parser.feed(encodeEvent(event, seq));
        expect(messages.map((message) => JSON.parse(message.data))).toEqual(list);
      }),
      { numRuns: 500 },
    );
  });
});
