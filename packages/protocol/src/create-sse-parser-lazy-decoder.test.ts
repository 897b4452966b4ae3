import { describe, expect, it, vi } from 'vitest';
import { createUtf8StreamDecoder } from './create-utf8-stream-decoder.js';
import { createSseByteParser } from './internal.js';

// Spied, not replaced: the parser still decodes with the real decoder.
vi.mock('./create-utf8-stream-decoder.js', { spy: true });

const encoder = new TextEncoder();

describe('createSseParser stream decoder', () => {
  it('makes no stream decoder while every message arrives whole on the byte fast path', () => {
    // An open upstream stream of whole chunks keeps none: one fewer object graph per stream.
    vi.mocked(createUtf8StreamDecoder).mockClear();
    const offered: string[] = [];
    const parser = createSseByteParser({
      onMessage: () => {},
      onDataBytes: (bytes, start, end) => {
        offered.push(new TextDecoder().decode(bytes.subarray(start, end)));
        return true;
      },
    });
    parser.feed(encoder.encode('data: {"a":1}\n\n'));
    parser.feed(encoder.encode('data: {"b":2}\n\ndata: [DONE]\n\n'));
    parser.end();
    expect(offered).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
    expect(createUtf8StreamDecoder).not.toHaveBeenCalled();
  });

  it('makes one at the first split message and decodes it across chunks', () => {
    vi.mocked(createUtf8StreamDecoder).mockClear();
    const messages: string[] = [];
    const parser = createSseByteParser({
      onMessage: (message) => messages.push(message.data),
      onDataBytes: () => false,
    });
    const bytes = encoder.encode('data: 😀\n\n');
    parser.feed(bytes.subarray(0, 8));
    parser.feed(bytes.subarray(8));
    parser.end();
    expect(messages).toEqual(['😀']);
    expect(createUtf8StreamDecoder).toHaveBeenCalledTimes(1);
  });
});
