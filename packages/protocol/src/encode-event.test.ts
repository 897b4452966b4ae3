import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import { anyEvent } from './test-support/arbitraries.js';

describe('encodeEvent', () => {
  it('writes each event type with its fields in the spec order', () => {
    expect(encodeEvent({ model: 'demo', id: 'gen_1', type: 'start' }, 0)).toBe(
      'id: 0\ndata: {"type":"start","id":"gen_1","model":"demo"}\n\n',
    );
    expect(encodeEvent({ delta: 'Hi', type: 'text-delta' }, 1)).toBe(
      'id: 1\ndata: {"type":"text-delta","delta":"Hi"}\n\n',
    );
    expect(
      encodeEvent(
        { usage: { completionTokens: 2, promptTokens: 1 }, reason: 'length', type: 'finish' },
        2,
      ),
    ).toBe(
      'id: 2\ndata: {"type":"finish","reason":"length","usage":{"promptTokens":1,"completionTokens":2}}\n\n',
    );
    expect(encodeEvent({ type: 'finish', reason: 'stop' }, 3)).toBe(
      'id: 3\ndata: {"type":"finish","reason":"stop"}\n\n',
    );
    expect(
      encodeEvent({ retryable: false, message: 'No.', code: 'bad_request', type: 'error' }, 4),
    ).toBe(
      'id: 4\ndata: {"type":"error","code":"bad_request","message":"No.","retryable":false}\n\n',
    );
    expect(encodeEvent({ delta: 'hm', type: 'reasoning-delta' }, 5)).toBe(
      'id: 5\ndata: {"type":"reasoning-delta","delta":"hm"}\n\n',
    );
    expect(
      encodeEvent({ index: 1, name: 'f', toolCallId: 'call_b', type: 'tool-call-start' }, 6),
    ).toBe(
      'id: 6\ndata: {"type":"tool-call-start","toolCallId":"call_b","name":"f","index":1}\n\n',
    );
    expect(encodeEvent({ name: 'f', toolCallId: 'call_c', type: 'tool-call-start' }, 7)).toBe(
      'id: 7\ndata: {"type":"tool-call-start","toolCallId":"call_c","name":"f"}\n\n',
    );
    expect(encodeEvent({ delta: '{"a":', toolCallId: 'call_b', type: 'tool-call-delta' }, 8)).toBe(
      'id: 8\ndata: {"type":"tool-call-delta","toolCallId":"call_b","delta":"{\\"a\\":"}\n\n',
    );
    expect(encodeEvent({ toolCallId: 'call_b', type: 'tool-call-end' }, 9)).toBe(
      'id: 9\ndata: {"type":"tool-call-end","toolCallId":"call_b"}\n\n',
    );
    expect(
      encodeEvent(
        {
          usage: { reasoningTokens: 3, completionTokens: 5, promptTokens: 1 },
          reason: 'tool_calls',
          type: 'finish',
        },
        10,
      ),
    ).toBe(
      'id: 10\ndata: {"type":"finish","reason":"tool_calls","usage":{"promptTokens":1,"completionTokens":5,"reasoningTokens":3}}\n\n',
    );
  });

  it('escapes newlines, NUL and lone surrogates but keeps U+2028, U+2029 and emoji as they are', () => {
    expect(encodeEvent({ type: 'text-delta', delta: 'a\r\nb\0\ud800\u2028\u2029👩‍💻' }, 0)).toBe(
      'id: 0\ndata: {"type":"text-delta","delta":"a\\r\\nb\\u0000\\ud800\u2028\u2029👩‍💻"}\n\n',
    );
  });

  it('does not write fields the protocol does not define', () => {
    const event = { type: 'text-delta', delta: 'x', secret: 'no' } as TokenwireEvent;
    expect(encodeEvent(event, 0)).toBe('id: 0\ndata: {"type":"text-delta","delta":"x"}\n\n');
  });

  it('rejects a seq that is not a non-negative safe integer', () => {
    for (const seq of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => encodeEvent({ type: 'text-delta', delta: '' }, seq)).toThrow(RangeError);
    }
  });

  it('rejects an object that is not a v1 event instead of writing broken JSON', () => {
    const event = { type: 'tool-call' } as unknown as TokenwireEvent;
    expect(() => encodeEvent(event, 0)).toThrow(TypeError);
  });

  it('never puts a CR or LF in a frame except its own line ends', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), (event, seq) => {
        const frame = encodeEvent(event, seq);
        expect(frame).toMatch(/^id: (0|[1-9][0-9]*)\ndata: [^\r\n]*\n\n$/);
        const bytes = new TextEncoder().encode(frame);
        const lineEnds = bytes.reduce(
          (count, byte) => count + (byte === 0x0a || byte === 0x0d ? 1 : 0),
          0,
        );
        expect(lineEnds).toBe(3);
        expect(JSON.parse(frame.slice(frame.indexOf('data: ') + 6, -2))).toEqual(event);
      }),
      { numRuns: 1000 },
    );
  });
});
