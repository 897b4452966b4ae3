import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentChunkTemplate } from './content-chunk-template.js';
import { type ContentSpan, scanContentChunk } from './scan-content-chunk.js';

const chunkOf = (content: string, { id = 'chatcmpl-1', tail = ',"usage":null' } = {}) =>
  `{"id":"${id}","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}]${tail}}`;

/** Scans `text` with the scanner, as the translator does for a chunk the template missed. */
function learn(template: ContentChunkTemplate, text: string): void {
  const bytes = Buffer.from(text);
  const span: ContentSpan = { start: -1, end: -1 };
  expect(scanContentChunk(bytes, 0, bytes.length, span)).toBe(true);
  template.remember(bytes, 0, bytes.length, span);
}

/**
 * The literal the template took in `text`, offered as an SSE parser offers a message (inside a
 * larger buffer, more bytes after it), or undefined.
 */
function matched(
  template: ContentChunkTemplate,
  text: string | Buffer,
  limitBefore = 0,
): string | undefined {
  const chunk = typeof text === 'string' ? Buffer.from(text) : text;
  const bytes = Buffer.concat([
    Buffer.from('data: '),
    chunk,
    Buffer.from('\n\ndata: {"id":"next"}\n\n'),
  ]);
  const span: ContentSpan = { start: -1, end: -1 };
  const lineEnd = template.take(bytes, 6, bytes.length - limitBefore, span);
  if (lineEnd === -1) return undefined;
  // Taken, the message ends at the first LF, where the parser would have found its end.
  expect(lineEnd).toBe(bytes.indexOf(10, 6));
  expect(lineEnd).toBe(6 + chunk.length);
  return bytes.toString('utf8', span.start, span.end);
}

describe('ContentChunkTemplate', () => {
  it("takes the next chunk of the same stream by its head and tail, whatever its text's length", () => {
    const template = new ContentChunkTemplate();
    expect(matched(template, chunkOf('Hello'))).toBeUndefined();
    learn(template, chunkOf('Hello'));
    expect(matched(template, chunkOf(' world'))).toBe('" world"');
    expect(matched(template, chunkOf('a\n"é" 😀\\'))).toBe(JSON.stringify('a\n"é" 😀\\'));
    expect(matched(template, chunkOf('x'))).toBe('"x"');
  });

  it('declines a chunk with another head or tail, no text, or a literal the scanner would refuse', () => {
    const template = new ContentChunkTemplate();
    learn(template, chunkOf('Hello'));
    expect(matched(template, chunkOf('x', { id: 'chatcmpl-2' }))).toBeUndefined();
    expect(
      matched(template, chunkOf('x', { tail: ',"usage":{"prompt_tokens":1}' })),
    ).toBeUndefined();
    expect(matched(template, chunkOf(''))).toBeUndefined();
    // Escapes JSON.stringify never writes, a raw control character, a literal that ends early.
    for (const literal of ['"\\u00e9"', '"a\\/b"', '"a\u0001"', '"a"},"x":"b"']) {
      expect(
        matched(template, chunkOf('Hello').replace('"Hello"', literal)),
        literal,
      ).toBeUndefined();
    }
    // Malformed UTF-8 (an overlong form) in the literal.
    const [head, tail] = chunkOf('Hello').split('"Hello"') as [string, string];
    const overlong = Buffer.from([0x22, 0xc0, 0x80, 0x22]);
    expect(
      matched(template, Buffer.concat([Buffer.from(head), overlong, Buffer.from(tail)])),
    ).toBeUndefined();
    expect(
      matched(
        template,
        '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}',
      ),
    ).toBeUndefined();
  });

  it('takes a message only when it ends, blank line included, before the limit', () => {
    const template = new ContentChunkTemplate();
    learn(template, chunkOf('Hello'));
    const after = '\n\ndata: {"id":"next"}\n\n'.length;
    expect(matched(template, chunkOf('x'), after - 2)).toBe('"x"');
    expect(matched(template, chunkOf('x'), after - 1)).toBeUndefined();
    expect(matched(template, chunkOf('x'), after + 2)).toBeUndefined();
    // A line that goes on, CR line ends, a byte after the tail: not this one-line message.
    for (const end of ['\nx\n\n', '\r\n\r\n', '\r\r', ' \n\n']) {
      const bytes = Buffer.from(`data: ${chunkOf('x')}${end}`);
      expect(template.take(bytes, 6, bytes.length, { start: -1, end: -1 }), end).toBe(-1);
    }
  });

  it('stops matching a stream whose chunks differ twice in a row besides their text', () => {
    const template = new ContentChunkTemplate();
    learn(template, chunkOf('a', { tail: ',"obfuscation":"x"' }));
    // One miss: the new chunk becomes the template.
    learn(template, chunkOf('b', { tail: ',"obfuscation":"yy"' }));
    expect(matched(template, chunkOf('c', { tail: ',"obfuscation":"yy"' }))).toBe('"c"');
    // A match resets the count; two misses in a row turn it off for good.
    learn(template, chunkOf('d', { tail: ',"obfuscation":"zzz"' }));
    learn(template, chunkOf('e', { tail: ',"obfuscation":"q"' }));
    expect(matched(template, chunkOf('f', { tail: ',"obfuscation":"q"' }))).toBeUndefined();
    learn(template, chunkOf('g', { tail: ',"obfuscation":"q"' }));
    expect(matched(template, chunkOf('h', { tail: ',"obfuscation":"q"' }))).toBeUndefined();
  });

  it('only takes what the scanner takes, with the same literal', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('"', '\\', '"}', '"},"x":"', '\u2028', '\u0000'),
    );
    fc.assert(
      fc.property(
        text,
        fc.array(
          fc.oneof(
            text.map((next) => Buffer.from(chunkOf(next))),
            // The next chunk mangled at a few bytes.
            fc
              .tuple(
                text,
                fc.array(fc.tuple(fc.nat(400), fc.nat(255)), { minLength: 1, maxLength: 3 }),
              )
              .map(([next, edits]) => {
                const bytes = Buffer.from(chunkOf(next));
                for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
                return bytes;
              }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (first, nexts) => {
          const template = new ContentChunkTemplate();
          const firstBytes = Buffer.from(chunkOf(first));
          const firstSpan: ContentSpan = { start: -1, end: -1 };
          // A first text written with \u escapes is not the scanner's: nothing to remember.
          fc.pre(scanContentChunk(firstBytes, 0, firstBytes.length, firstSpan));
          template.remember(firstBytes, 0, firstBytes.length, firstSpan);
          for (const next of nexts) {
            const found = matched(template, next);
            const span: ContentSpan = { start: -1, end: -1 };
            const isScanned = scanContentChunk(next, 0, next.length, span);
            if (found !== undefined) {
              expect(isScanned).toBe(true);
              expect(found).toBe(next.toString('utf8', span.start, span.end));
            } else if (isScanned) {
              template.remember(next, 0, next.length, span);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
