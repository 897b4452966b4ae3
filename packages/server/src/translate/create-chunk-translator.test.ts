import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseFrame } from '../sse-frame.js';
import { StreamError } from '../stream-error.js';
import { createChunkTranslator } from './create-chunk-translator.js';

const encoder = new TextEncoder();

/** Runs an upstream body, cut at `cuts`, through a translator; returns its frames' bytes and state. */
function translate(body: string, cuts: number[], fastPath: boolean, collectText = true) {
  const frames: SseFrame[] = [];
  const translator = createChunkTranslator({
    onFrame: (seq, frame) => {
      expect(seq).toBe(frames.length);
      frames.push(frame);
    },
    fastPath,
    collectText,
  });
  const bytes = encoder.encode(body);
  let start = 0;
  for (const cut of [...cuts.filter((cut) => cut < bytes.length)].sort((a, b) => a - b)) {
    translator.feed(bytes.subarray(start, cut));
    start = cut;
  }
  translator.feed(bytes.subarray(start));
  translator.end();
  translator.emit({ type: 'finish', reason: translator.finishReason ?? 'stop' });
  const wire = Buffer.concat(frames.map((frame) => Buffer.from(frame))).toString('hex');
  return { wire, translator };
}

function decode(hex: string): TokenwireEvent[] {
  const events: TokenwireEvent[] = [];
  const decoder = createEventDecoder({ onEvent: (event) => events.push(event) });
  decoder.push(Buffer.from(hex, 'hex'));
  decoder.end();
  return events;
}

const contentChunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

const arbitraryChunk = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1 }).map(contentChunk),
  fc.string({ unit: 'grapheme', minLength: 1 }).map(contentChunk),
  // The same content, written the way some servers do: escaped solidus, \u escapes, spaces.
  fc
    .string({ minLength: 1 })
    .map(
      (content) =>
        `data: { "choices" : [ { "delta" : { "content" : ${JSON.stringify(content).replaceAll('/', '\\/')} } } ] }\n\n`,
    ),
  fc.constant('data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n'),
  fc.constant(': keep-alive\n\n'),
  fc.constant('data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\n'),
  fc.constant('data: {"choices":[],"usage":{"prompt_tokens":"7","completion_tokens":null}}\n\n'),
);

describe('createChunkTranslator', () => {
  it('gives the same bytes on the fast path and the parsing path, for any transcript cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryChunk, { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat(4000), { maxLength: 12 }),
        (chunks, hasDone, cuts) => {
          const body = chunks.join('') + (hasDone ? 'data: [DONE]\n\n' : '');
          const fast = translate(body, cuts, true);
          const plain = translate(body, cuts, false);
          expect(fast.wire).toBe(plain.wire);
          expect(fast.translator.text).toBe(plain.translator.text);
          expect(fast.translator.usage).toEqual(plain.translator.usage);
          // And the text is exactly the upstream's content, concatenated.
          const text = decode(fast.wire)
            .map((event) => (event.type === 'text-delta' ? event.delta : ''))
            .join('');
          expect(text).toBe(fast.translator.text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes plain content chunks without parsing them, unless the fast path is off', () => {
    const body = `${contentChunk('Hello')}${contentChunk(' world')}data: [DONE]\n\n`;
    const originalParse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: never) => {
      parses++;
      return originalParse(text, reviver);
    }) as typeof JSON.parse;
    try {
      translate(body, [], true, false);
      expect(parses).toBe(0);
      translate(body, [], false, false);
      expect(parses).toBe(2);
    } finally {
      JSON.parse = originalParse;
    }
  });

  it('normalizes odd usage and reads finish reasons', () => {
    const { wire, translator } = translate(
      `${contentChunk('x')}data: {"choices":[{"delta":{},"finish_reason":"function_call"}],"usage":{"prompt_tokens":"12","completion_tokens":3.5}}\n\ndata: [DONE]\n\n`,
      [],
      true,
    );
    expect(translator.usage).toEqual({ promptTokens: 12, completionTokens: 0 });
    expect(translator.finishReason).toBe('tool_calls');
    expect(decode(wire).at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' });
  });

  it('ignores whatever follows [DONE]', () => {
    const { translator } = translate(
      `data: [DONE]\n\n${contentChunk('late')}data: nonsense\n\n`,
      [],
      true,
    );
    expect(translator.hasDone).toBe(true);
    expect(translator.deltaCount).toBe(0);
  });

  it('throws a StreamError for malformed data and for an upstream error chunk', () => {
    for (const body of [
      'data: {nope\n\n',
      'data: {"error":{"message":"overloaded"}}\n\n',
      'data: 42\n\n',
    ]) {
      const translator = createChunkTranslator({ onFrame: () => {} });
      expect(() => translator.feed(encoder.encode(body))).toThrow(StreamError);
    }
  });
});
