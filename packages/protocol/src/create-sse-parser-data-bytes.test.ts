import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseMessage } from './create-sse-parser.js';
import { createSseByteParser } from './internal.js';
import { cutAt } from './test-support/decode.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

interface Outcome {
  messages: SseMessage[];
  comments: string[];
  retries: number[];
  /** Messages taken through `onDataBytes`. */
  offered: number;
  /** Messages taken through `takeDataLine`. */
  taken: number;
  error: string | undefined;
}

/**
 * A `takeDataLine` that checks every byte itself, as its contract asks: the first LF before
 * `limit`, no CR before it, and a second LF right after, within `limit`; -1 otherwise.
 */
function lineEndWithin(bytes: Uint8Array, start: number, limit: number): number {
  for (let index = start; index < limit; index++) {
    const byte = bytes[index];
    if (byte === 13) return -1;
    if (byte === 10) return index + 2 <= limit && bytes[index + 1] === 10 ? index : -1;
  }
  return -1;
}

/**
 * Runs `chunks` through a parser; with `accept`, `onDataBytes` is set and takes a message when
 * `accept` says so, decoding the bytes itself into the same list `onMessage` fills; with `take`,
 * `takeDataLine` is set too and takes the messages it can check whole when `take` says so.
 */
function run(
  chunks: readonly Uint8Array[],
  options: { accept?: () => boolean; take?: () => boolean; maxEventSize?: number } = {},
): Outcome {
  const outcome: Outcome = {
    messages: [],
    comments: [],
    retries: [],
    offered: 0,
    taken: 0,
    error: undefined,
  };
  const { accept, take } = options;
  const parser = createSseByteParser({
    onMessage: (message) => outcome.messages.push(message),
    onComment: (comment) => outcome.comments.push(comment),
    onRetry: (milliseconds) => outcome.retries.push(milliseconds),
    ...(options.maxEventSize === undefined ? {} : { maxEventSize: options.maxEventSize }),
    ...(accept === undefined
      ? {}
      : {
          onDataBytes: (bytes, start, end) => {
            if (!accept()) return false;
            outcome.offered++;
            const data = decoder.decode(bytes.subarray(start, end));
            outcome.messages.push({ data, event: undefined, id: undefined });
            return true;
          },
        }),
    ...(take === undefined
      ? {}
      : {
          takeDataLine: (bytes, start, limit) => {
            if (!take()) return -1;
            const lineEnd = lineEndWithin(bytes, start, limit);
            if (lineEnd === -1) return -1;
            outcome.taken++;
            const data = decoder.decode(bytes.subarray(start, lineEnd));
            outcome.messages.push({ data, event: undefined, id: undefined });
            return lineEnd;
          },
        }),
  });
  try {
    for (const chunk of chunks) parser.feed(chunk);
    parser.end();
  } catch (error) {
    outcome.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return outcome;
}

const withoutOffered = ({ offered: _offered, taken: _taken, ...rest }: Outcome) => rest;

/** Lines an OpenAI-compatible server, a proxy or a hostile one may send. */
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.string({ maxLength: 8 }).map((text) => `data: {"c":${JSON.stringify(text)}}`),
  },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map((text) => `data:${text}`),
  },
  { weight: 1, arbitrary: fc.constant('data: [DONE]') },
  { weight: 1, arbitrary: fc.constant('data') },
  { weight: 1, arbitrary: fc.nat(99).map((id) => `id: ${id}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('event: delta', 'event:', 'retry: 10', ': ping', ':', 'x: y'),
  },
  { weight: 4, arbitrary: fc.constant('') },
);
const lineEnd = fc.oneof(
  { weight: 8, arbitrary: fc.constant('\n') },
  { weight: 1, arbitrary: fc.constant('\r\n') },
  { weight: 1, arbitrary: fc.constant('\r') },
);
/** A stream as bytes: lines and line ends, sometimes a BOM first, sometimes invalid UTF-8. */
const stream = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(line, lineEnd), { maxLength: 24 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0xc3, 0xe2, 0xf0, 0x80)), { maxLength: 2 }),
  )
  .map(([hasBom, lines, junk]) => {
    const text = (hasBom ? '\ufeff' : '') + lines.map(([body, end]) => body + end).join('');
    const bytes = Array.from(encoder.encode(text));
    for (const [at, byte] of junk) bytes.splice(at % (bytes.length + 1), 0, byte);
    return Uint8Array.from(bytes);
  });

describe('createSseParser onDataBytes', () => {
  it('offers a whole one-line data message as its undecoded bytes', () => {
    const chunk = encoder.encode('data: {"c":"é😀"}\n\ndata: two\n\n');
    const seen: string[] = [];
    const parser = createSseByteParser({
      onMessage: () => expect.unreachable('every message was taken'),
      onDataBytes: (bytes, start, end) => {
        expect(bytes).toBe(chunk);
        seen.push(decoder.decode(bytes.subarray(start, end)));
        return true;
      },
    });
    parser.feed(chunk);
    parser.end();
    expect(seen).toEqual(['{"c":"é😀"}', 'two']);
  });

  it('passes a declined message on to onMessage, decoded', () => {
    const messages = run([encoder.encode('data: {"c":"é"}\n\n')], { accept: () => false }).messages;
    expect(messages).toEqual([{ data: '{"c":"é"}', event: undefined, id: undefined }]);
  });

  it('does not offer messages split across chunks, with more lines than one, or after an id', () => {
    const chunks = [
      encoder.encode('data: a'),
      encoder.encode('b\n\ndata: c\ndata: d\n\nid: 1\ndata: e\n\n'),
      encoder.encode('data: f\n\n'),
    ];
    const outcome = run(chunks, { accept: () => true });
    expect(outcome.offered).toBe(0);
    expect(outcome.messages.map((message) => [message.data, message.id])).toEqual([
      ['ab', undefined],
      ['c\nd', undefined],
      ['e', '1'],
      ['f', '1'],
    ]);
  });

  it('takes the fast path again once the text parser has finished a split message', () => {
    const outcome = run(
      [
        encoder.encode('data: a'),
        encoder.encode('b\n\ndata: c\n\n'),
        encoder.encode('data: d\n\n'),
      ],
      { accept: () => true },
    );
    expect(outcome.messages.map((message) => message.data)).toEqual(['ab', 'c', 'd']);
    expect(outcome.offered).toBe(2);
  });

  it('leaves a leading BOM, CR line ends and comments to the text parser', () => {
    const outcome = run(
      [
        encoder.encode('\ufeffdata: a\n\n'),
        encoder.encode('data: b\r\n\r\n: ping\n\ndata: c\n\n'),
        encoder.encode('data: d\n\n'),
      ],
      { accept: () => true },
    );
    expect(outcome.messages.map((message) => message.data)).toEqual(['a', 'b', 'c', 'd']);
    expect(outcome.comments).toEqual(['ping']);
    expect(outcome.offered).toBe(1);
  });

  it('keeps maxEventSize: a message over it fails whichever path it would have taken', () => {
    const chunk = encoder.encode(`data: ${'x'.repeat(20)}\n\n`);
    expect(run([chunk], { accept: () => true, maxEventSize: 10 }).error).toMatch(
      /event_too_large|exceeded/,
    );
  });

  it('gives exactly what the text parser gives, for any stream, chunking and answers', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(400), { maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        // With takeDataLine, and what it answers; without it.
        fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        (bytes, cuts, answers, takes, maxEventSize) => {
          const chunks = cutAt(bytes, cuts);
          let call = 0;
          let takeCall = 0;
          const fast = run(chunks, {
            accept: () => answers[call++ % answers.length] as boolean,
            ...(takes === undefined
              ? {}
              : { take: () => takes[takeCall++ % takes.length] as boolean }),
            ...(maxEventSize === undefined ? {} : { maxEventSize }),
          });
          const plain = run(chunks, maxEventSize === undefined ? {} : { maxEventSize });
          expect(withoutOffered(fast)).toEqual(withoutOffered(plain));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('offers takeDataLine a message before onDataBytes, within maxEventSize', () => {
    const messages = ['data: ab\n\n', 'data: abcdefgh\n\n'];
    const limits: number[] = [];
    const parser = createSseByteParser({
      maxEventSize: 10,
      onMessage: () => {},
      onDataBytes: () => expect.unreachable('takeDataLine took it first'),
      takeDataLine: (bytes, start, limit) => {
        limits.push(limit - start);
        const lineEnd = lineEndWithin(bytes, start, limit);
        if (lineEnd === -1) throw new Error('over maxEventSize');
        return lineEnd;
      },
    });
    parser.feed(encoder.encode(messages[0] as string));
    // 'data: abcdefgh\n' is 15 characters of line: past 10, it must not be offered whole.
    expect(() => parser.feed(encoder.encode(messages[1] as string))).toThrow('over maxEventSize');
    // 'ab', its LF and the blank line fit in 10; the second message's line does not.
    expect(limits[0]).toBe(4);
    expect(limits[1]).toBe(5);
  });

  it('fails the stream when takeDataLine says a message ends where it does not', () => {
    const parser = createSseByteParser({
      onMessage: () => {},
      takeDataLine: (_bytes, start) => start + 1,
    });
    expect(() => parser.feed(encoder.encode('data: abc\n\n'))).toThrow(RangeError);
  });

  it('takes most messages of a well-formed OpenAI-style stream cut at message ends', () => {
    const messages = Array.from({ length: 50 }, (_, index) => `data: {"n":${index}}\n\n`);
    const outcome = run(
      messages.map((message) => encoder.encode(message)),
      { accept: () => true },
    );
    expect(outcome.offered).toBe(50);
  });
});
