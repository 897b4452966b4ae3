import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage, type SseParserOptions } from './create-sse-parser.js';
import { ProtocolError } from './protocol-error.js';

const encoder = new TextEncoder();

interface Parsed {
  messages: SseMessage[];
  comments: string[];
  retries: number[];
}

function parse(
  chunks: Array<Uint8Array | string>,
  options: Partial<SseParserOptions> = {},
): Parsed {
  const parsed: Parsed = { messages: [], comments: [], retries: [] };
  const parser = createSseParser({
    onMessage: (message) => parsed.messages.push(message),
    onComment: (comment) => parsed.comments.push(comment),
    onRetry: (milliseconds) => parsed.retries.push(milliseconds),
    ...options,
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return parsed;
}

const data = (chunks: Array<Uint8Array | string>): string[] =>
  parse(chunks).messages.map((message) => message.data);

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('createSseParser line ends', () => {
  it('accepts LF, CR and CRLF line ends, mixed in one stream', () => {
    expect(data(['data: a\n\ndata: b\r\rdata: c\r\n\r\ndata: d\n\r\n'])).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('treats a CRLF split across two chunks as one line end', () => {
    // Were the LF read as a second line end, the blank line would dispatch "a" before "b" came.
    expect(data(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual(['a\nb']);
  });

  it('treats a CRLF split across two byte chunks as one line end', () => {
    const text = encoder.encode('data: a\r\ndata: b\r\n\r\n');
    const chunks = Array.from(text, (byte) => bytes(byte));
    expect(data(chunks)).toEqual(['a\nb']);
  });

  it('reads a CR at the end of a chunk followed by a CR as two line ends', () => {
    expect(data(['data: a\r', '\rdata: b\r\r'])).toEqual(['a', 'b']);
  });

  it('finds line ends when a CR appears only in a later part of a chunk', () => {
    expect(data(['data: a\ndata: b\r\ndata: c\n\n'])).toEqual(['a\nb\nc']);
  });
});

describe('createSseParser BOM', () => {
  it('ignores one leading BOM in bytes', () => {
    expect(data([bytes(0xef, 0xbb, 0xbf), 'data: a\n\n'])).toEqual(['a']);
  });

  it('ignores one leading BOM split across byte chunks', () => {
    expect(data([bytes(0xef), bytes(0xbb), bytes(0xbf, 0x64), 'ata: a\n\n'])).toEqual(['a']);
  });

  it('ignores one leading BOM in a string', () => {
    expect(data(['\ufeffdata: a\n\n'])).toEqual(['a']);
  });

  it('ignores only the first BOM: a second one makes the first line an unknown field', () => {
    expect(data(['\ufeff\ufeffdata: a\n\ndata: b\n\n'])).toEqual(['b']);
  });

  it('keeps a BOM that is not at the start of the stream', () => {
    expect(data(['data: a\n\n', '\ufeffdata: b\n\n', 'data: \ufeffc\n\n'])).toEqual([
      'a',
      '\ufeffc',
    ]);
  });

  it('keeps a BOM that starts a later byte chunk', () => {
    const [first, second] = [encoder.encode('data: '), encoder.encode('\ufeffx\n\n')];
    expect(data([first, second])).toEqual(['\ufeffx']);
  });
});

describe('createSseParser fields', () => {
  it('dispatches an empty data line as an empty message', () => {
    expect(data(['data:\n\n', 'data\n\n', 'data: \n\n'])).toEqual(['', '', '']);
  });

  it('joins data lines with LF, keeping empty ones', () => {
    expect(data(['data: a\ndata:\ndata: b\ndata\n\n'])).toEqual(['a\n\nb\n']);
  });

  it('strips exactly one space after the colon', () => {
    expect(data(['data:  two\ndata:none\n\n'])).toEqual([' two\nnone']);
  });

  it('dispatches nothing for a blank line without data', () => {
    expect(parse(['\n\nid: 3\n\nevent: x\n\n']).messages).toEqual([]);
  });

  it('drops a message without its closing blank line at the end of the stream', () => {
    expect(data(['data: a\n\ndata: b\n'])).toEqual(['a']);
    expect(data(['data: a\n\ndata: b'])).toEqual(['a']);
  });

  it('reports comments without the colon and one space, and never as messages', () => {
    const parsed = parse([': ping\n\n:\n:  two\ndata: a\n\n']);
    expect(parsed.comments).toEqual(['ping', '', ' two']);
    expect(parsed.messages.map((message) => message.data)).toEqual(['a']);
  });

  it('reads a field without a colon as a field with an empty value', () => {
    const parsed = parse(['id: 7\ndata: a\n\nid\ndata: b\n\n']);
    expect(parsed.messages.map((message) => message.id)).toEqual(['7', '']);
  });

  it('compares field names literally, without case folding', () => {
    expect(data(['Data: a\nDATA: b\ndata: c\n\n'])).toEqual(['c']);
  });

  it('ignores unknown fields', () => {
    expect(data(['foo: bar\ndata: a\nbaz\n\n'])).toEqual(['a']);
  });

  it('reports retry only when it is all ASCII digits', () => {
    expect(parse(['retry: 1500\nretry: 15s\nretry:\nretry: -1\n\n']).retries).toEqual([1500]);
  });

  it('names the event type, an empty event field meaning a plain message', () => {
    const parsed = parse(['event: tick\ndata: a\n\nevent:\ndata: b\n\ndata: c\n\n']);
    expect(parsed.messages.map((message) => message.event)).toEqual(['tick', undefined, undefined]);
  });

  it('resets the event type after each message', () => {
    const parsed = parse(['event: tick\ndata: a\n\ndata: b\n\n']);
    expect(parsed.messages.map((message) => message.event)).toEqual(['tick', undefined]);
  });

  it('keeps the last event id across messages, as EventSource does', () => {
    const parsed = parse(['id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n']);
    expect(parsed.messages.map((message) => message.id)).toEqual(['1', '1', '2']);
  });

  it('ignores an id that contains NUL', () => {
    const parsed = parse(['id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n']);
    expect(parsed.messages.map((message) => message.id)).toEqual(['1', '1']);
  });

  it('takes the id from a field anywhere in the message, the last one winning', () => {
    const parsed = parse(['data: a\nid: 4\nid: 5\n\n']);
    expect(parsed.messages).toEqual([{ data: 'a', event: undefined, id: '5' }]);
  });
});

describe('createSseParser UTF-8', () => {
  it('splits a 4-byte emoji across chunks and still decodes it', () => {
    const whole = encoder.encode('data: 👩‍💻é中\n\n');
    const chunks = Array.from(whole, (byte) => bytes(byte));
    expect(data(chunks)).toEqual(['👩‍💻é中']);
  });

  it('turns invalid UTF-8 into U+FFFD, as the WHATWG decoder does', () => {
    expect(data([bytes(0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0xc3, 0x0a, 0x0a)])).toEqual([
      '\ufffd\ufffd',
    ]);
  });

  it('turns a character left unfinished at the end of the stream into U+FFFD', () => {
    const seen: string[] = [];
    const parser = createSseParser({ onMessage: () => {}, onComment: (text) => seen.push(text) });
    parser.feed(':x');
    parser.feed(bytes(0xe2, 0x82));
    parser.feed('\n');
    parser.end();
    expect(seen).toEqual(['x\ufffd']);
  });
});

describe('createSseParser maxEventSize', () => {
  // `data: ` + 9 characters + the line end = 16.
  const frame = `data: ${'x'.repeat(9)}\n`;

  it('accepts an event exactly at the limit', () => {
    expect(parse([`${frame}\n`], { maxEventSize: 16 }).messages).toHaveLength(1);
  });

  it('rejects an event one character over the limit with event_too_large', () => {
    expect(() => parse([`${frame}\n`], { maxEventSize: 15 })).toThrowError(
      expect.objectContaining({ code: 'event_too_large' }),
    );
  });

  it('counts every line of the event, comments and ids included', () => {
    expect(() => parse([`: c\nid: 1\n${frame}\n`], { maxEventSize: 16 + 4 + 6 - 1 })).toThrow(
      ProtocolError,
    );
    expect(parse([`: c\nid: 1\n${frame}\n`], { maxEventSize: 16 + 4 + 6 }).messages).toHaveLength(
      1,
    );
  });

  it('limits each event, not the stream', () => {
    expect(parse([`${frame}\n`.repeat(100)], { maxEventSize: 16 }).messages).toHaveLength(100);
  });

  it('stops a line that never ends as soon as it passes the limit', () => {
    const parser = createSseParser({ onMessage: () => {}, maxEventSize: 1000 });
    let fed = 0;
    expect(() => {
      for (;;) {
        parser.feed('x'.repeat(100));
        fed += 100;
      }
    }).toThrowError(expect.objectContaining({ code: 'event_too_large' }));
    expect(fed).toBe(1000);
  });

  it('gives the same error whatever the chunking', () => {
    const text = `data: ${'y'.repeat(40)}\n\n`;
    for (const size of [1, 2, 7, text.length]) {
      const chunks = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
      expect(() => parse(chunks, { maxEventSize: 30 })).toThrowError(
        expect.objectContaining({ code: 'event_too_large' }),
      );
    }
  });
});

describe('createSseParser failures', () => {
  it('throws the same error on every call after a failure', () => {
    const parser = createSseParser({ onMessage: () => {}, maxEventSize: 4 });
    let first: unknown;
    try {
      parser.feed('data: too long\n\n');
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(ProtocolError);
    expect(() => parser.feed('data: a\n\n')).toThrow(first as Error);
    expect(() => parser.end()).toThrow(first as Error);
  });

  it('stops for good when onMessage throws, instead of skipping part of a chunk', () => {
    const seen: string[] = [];
    const parser = createSseParser({
      onMessage: (message) => {
        seen.push(message.data);
        if (message.data === 'b') throw new Error('consumer failed');
      },
    });
    expect(() => parser.feed('data: a\n\ndata: b\n\ndata: c\n\n')).toThrow('consumer failed');
    expect(() => parser.feed('data: d\n\n')).toThrow('consumer failed');
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('createSseParser memory', () => {
  it('shares its methods between parsers instead of making closures per parser', () => {
    // The API keeps one parser per open upstream stream, thousands at once: per-parser closures
    // (and the context they share) were about a kilobyte each in the open-streams heap snapshot.
    const first = createSseParser({ onMessage: () => {} });
    const second = createSseParser({ onMessage: () => {} });
    expect(first.feed).toBe(second.feed);
    expect(first.end).toBe(second.end);
    expect(Object.keys(first)).toEqual([]);
  });
});

describe('createSseParser callbacks', () => {
  it('calls its callbacks as methods of the options object, so a handler needs no closures', () => {
    class Handler {
      readonly seen: string[] = [];
      onMessage(message: SseMessage): void {
        this.seen.push(`message ${message.data}`);
      }
      onComment(comment: string): void {
        this.seen.push(`comment ${comment}`);
      }
      onRetry(milliseconds: number): void {
        this.seen.push(`retry ${milliseconds}`);
      }
    }
    const handler = new Handler();
    const parser = createSseParser(handler);
    parser.feed(': hi\nretry: 5\ndata: a\n\n');
    parser.feed(encoder.encode('data: b\n\n'));
    parser.end();
    expect(handler.seen).toEqual(['comment hi', 'retry 5', 'message a', 'message b']);
  });
});
