import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from './parse-event.js';
import { ProtocolError } from './protocol-error.js';

const code = (data: string): string | undefined => {
  try {
    parseEvent(data);
    return undefined;
  } catch (error) {
    return error instanceof ProtocolError ? error.code : 'not a ProtocolError';
  }
};

describe('parseEvent', () => {
  it('parses every v1 event type', () => {
    expect(parseEvent('{"type":"start","id":"g","model":"m"}')).toEqual({
      type: 'start',
      id: 'g',
      model: 'm',
    });
    expect(parseEvent('{"type":"text-delta","delta":""}')).toEqual({
      type: 'text-delta',
      delta: '',
    });
    expect(parseEvent('{"type":"finish","reason":"abort"}')).toEqual({
      type: 'finish',
      reason: 'abort',
    });
    expect(
      parseEvent(
        '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2}}',
      ),
    ).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 2 } });
    expect(parseEvent('{"type":"error","code":"c","message":"m","retryable":true}')).toEqual({
      type: 'error',
      code: 'c',
      message: 'm',
      retryable: true,
    });
  });

  it('ignores fields a newer server adds to a known event', () => {
    expect(parseEvent('{"type":"text-delta","delta":"a","index":0,"logprobs":[]}')).toEqual({
      type: 'text-delta',
      delta: 'a',
    });
    expect(
      parseEvent(
        '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"cachedTokens":1}}',
      ),
    ).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 2 } });
  });

  it('accepts a null usage as no usage', () => {
    expect(parseEvent('{"type":"finish","reason":"stop","usage":null}')).toEqual({
      type: 'finish',
      reason: 'stop',
    });
  });

  it('returns an event of an unknown type as it is, for the caller to skip or report', () => {
    expect(parseEvent('{"type":"source-url","url":"https://example.com"}')).toEqual({
      type: 'source-url',
      url: 'https://example.com',
    });
  });

  it('parses reasoning and tool-call events, keeping only the members it knows', () => {
    expect(parseEvent('{"type":"reasoning-delta","delta":"hm","signature":"x"}')).toEqual({
      type: 'reasoning-delta',
      delta: 'hm',
    });
    expect(
      parseEvent('{"type":"tool-call-start","toolCallId":"call_a","name":"get_weather","index":0}'),
    ).toEqual({ type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 });
    expect(parseEvent('{"type":"tool-call-start","toolCallId":"call_b","name":"f"}')).toEqual({
      type: 'tool-call-start',
      toolCallId: 'call_b',
      name: 'f',
    });
    expect(
      parseEvent('{"type":"tool-call-start","toolCallId":"call_b","name":"f","index":null}'),
    ).toEqual({ type: 'tool-call-start', toolCallId: 'call_b', name: 'f' });
    expect(
      parseEvent('{"type":"tool-call-delta","toolCallId":"call_a","delta":"{\\"city\\":"}'),
    ).toEqual({ type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' });
    expect(parseEvent('{"type":"tool-call-end","toolCallId":"call_a","extra":1}')).toEqual({
      type: 'tool-call-end',
      toolCallId: 'call_a',
    });
  });

  it('reads usage.reasoningTokens when present, and a null one as absent', () => {
    expect(
      parseEvent(
        '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":9,"reasoningTokens":7}}',
      ),
    ).toEqual({
      type: 'finish',
      reason: 'stop',
      usage: { promptTokens: 1, completionTokens: 9, reasoningTokens: 7 },
    });
    expect(
      parseEvent(
        '{"type":"finish","reason":"tool_calls","usage":{"promptTokens":1,"completionTokens":9,"reasoningTokens":null}}',
      ),
    ).toEqual({
      type: 'finish',
      reason: 'tool_calls',
      usage: { promptTokens: 1, completionTokens: 9 },
    });
  });

  it('restores lone surrogates that the encoder escaped', () => {
    expect(parseEvent('{"type":"text-delta","delta":"\\ud83d"}')).toEqual({
      type: 'text-delta',
      delta: '\ud83d',
    });
  });

  it('reports text that is not JSON as malformed_event, with a preview in the message', () => {
    expect(code('[DONE]')).toBe('malformed_event');
    expect(code('{"type":"text-delta","delta":"cut')).toBe('malformed_event');
    expect(code('')).toBe('malformed_event');
    expect(() => parseEvent(`{${'x'.repeat(500)}`)).toThrowError(/\{x{119}…$/);
  });

  it('reports JSON that is not an object, or has no string type, as invalid_event', () => {
    for (const data of ['null', '[]', '"start"', '42', '{}', '{"type":1}', '{"type":null}']) {
      expect(code(data), data).toBe('invalid_event');
    }
  });

  it('reports a known event with a missing or mistyped field as invalid_event', () => {
    for (const data of [
      '{"type":"start","id":"g"}',
      '{"type":"start","id":1,"model":"m"}',
      '{"type":"text-delta"}',
      '{"type":"text-delta","delta":null}',
      '{"type":"finish"}',
      '{"type":"finish","reason":"done"}',
      '{"type":"finish","reason":"stop","usage":{"promptTokens":1}}',
      '{"type":"finish","reason":"stop","usage":"none"}',
      '{"type":"error","code":"c","message":"m"}',
      '{"type":"error","code":"c","message":"m","retryable":"yes"}',
      '{"type":"reasoning-delta"}',
      '{"type":"reasoning-delta","delta":1}',
      '{"type":"reasoning-delta","text":"a"}',
      '{"type":"tool-call-start","name":"f"}',
      '{"type":"tool-call-start","toolCallId":"c"}',
      '{"type":"tool-call-start","toolCallId":1,"name":"f"}',
      '{"type":"tool-call-start","toolCallId":"c","name":null}',
      '{"type":"tool-call-start","toolCallId":"c","name":"f","index":"0"}',
      '{"type":"tool-call-start","toolCallId":"c","name":"f","index":-1}',
      '{"type":"tool-call-start","toolCallId":"c","name":"f","index":0.5}',
      '{"type":"tool-call-delta","toolCallId":"c"}',
      '{"type":"tool-call-delta","delta":"{}"}',
      '{"type":"tool-call-delta","toolCallId":"c","delta":{}}',
      '{"type":"tool-call-delta","toolCallId":null,"delta":""}',
      '{"type":"tool-call-end"}',
      '{"type":"tool-call-end","toolCallId":0}',
      '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"reasoningTokens":"1"}}',
      '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"reasoningTokens":-1}}',
      '{"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"reasoningTokens":1.5}}',
    ]) {
      expect(code(data), data).toBe('invalid_event');
    }
  });

  it('reads a text-delta without JSON.parse only when that gives exactly what JSON.parse gives', () => {
    const prefix = '{"type":"text-delta","delta":"';
    const piece = fc.constantFrom(
      '"',
      '\\',
      '\\"',
      '\\n',
      '\\u0041',
      '\n',
      '\0',
      '\x1f',
      '}',
      '"}',
      ' ',
      'a',
      'é',
      '😀',
      ',"delta":"b',
    );
    const content = fc.string({ unit: piece, maxLength: 6 });
    const data = fc.oneof(
      content.map((text) => `${prefix}${text}"}`),
      fc
        .tuple(
          fc.constantFrom(prefix, prefix.slice(0, -1), `${prefix} `, ''),
          content,
          fc.constantFrom('"}', '"} ', '}', '"', ''),
        )
        .map(([head, text, tail]) => `${head}${text}${tail}`),
    );
    const viaJson = (text: string): unknown => {
      try {
        const value = JSON.parse(text) as { type?: unknown; delta?: unknown };
        return typeof value?.delta === 'string' && value.type === 'text-delta'
          ? { type: 'text-delta', delta: value.delta }
          : 'not a delta';
      } catch {
        return 'malformed_event';
      }
    };
    fc.assert(
      fc.property(data, (text) => {
        const expected = viaJson(text);
        if (expected === 'malformed_event') expect(code(text)).toBe('malformed_event');
        else if (expected !== 'not a delta') expect(parseEvent(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    // The shortest lookalike: the prefix's own quote must not be read as the closing one.
    expect(code('{"type":"text-delta","delta":"}')).toBe('malformed_event');
    expect(parseEvent('{"type":"text-delta","delta":""}')).toEqual({
      type: 'text-delta',
      delta: '',
    });
  });
});
