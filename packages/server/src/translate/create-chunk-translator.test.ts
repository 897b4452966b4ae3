import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseFrame } from '../sse-frame.js';
import { StreamError } from '../stream-error.js';
import { createChunkTranslator } from './create-chunk-translator.js';

const encoder = new TextEncoder();

/** Runs an upstream body, cut at `cuts`, through a translator; returns its frames' bytes and state. */
function translate(
  body: string,
  cuts: number[],
  fastPath: boolean,
  collectText = true,
  contentTemplates = true,
) {
  const frames: SseFrame[] = [];
  const translator = createChunkTranslator({
    onFrame: (seq, frame) => {
      expect(seq).toBe(frames.length);
      frames.push(frame);
    },
    fastPath,
    collectText,
    contentTemplates,
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

const contentChunk = (content: string, id = 'c') =>
  `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

const arbitraryChunk = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1 }).map((content) => contentChunk(content)),
  fc.string({ unit: 'grapheme', minLength: 1 }).map((content) => contentChunk(content)),
  // Chunks whose head changes, which content templates must not take for one another.
  fc
    .tuple(fc.string({ minLength: 1 }), fc.constantFrom('c', 'd', 'cc'))
    .map(([content, id]) => contentChunk(content, id)),
  // The same head and a tail of the same length, which says something else: reasoning.
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom(null, 'ab'))
    .map(
      ([content, reasoning]) =>
        `data: ${JSON.stringify({ choices: [{ delta: { content, reasoning } }] })}\n\n`,
    ),
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
  // Reasoning under either name, and content beside a null reasoning member (vLLM sends those).
  fc
    .tuple(
      fc.constantFrom('reasoning_content', 'reasoning'),
      fc.string({ unit: 'binary', minLength: 1 }),
    )
    .map(
      ([field, delta]) =>
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { [field]: delta } }] })}\n\n`,
    ),
  fc
    .string({ minLength: 1 })
    .map(
      (content) =>
        `data: ${JSON.stringify({ choices: [{ delta: { content, reasoning_content: null, tool_calls: null } }] })}\n\n`,
    ),
  fc
    .string({ minLength: 1 })
    .map(
      (content) =>
        `data: ${JSON.stringify({ choices: [{ delta: { content, reasoning: 'also' } }] })}\n\n`,
    ),
  // Tool-call pieces of two parallel calls.
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.boolean(), fc.string({ unit: 'binary' })).map(
    ([index, isFirst, piece]) =>
      `data: ${JSON.stringify({
        choices: [
          {
            delta: {
              tool_calls: [
                isFirst
                  ? {
                      index,
                      id: `call_${index}x`,
                      type: 'function',
                      function: { name: 'get_weather', arguments: piece },
                    }
                  : { index, function: { arguments: piece } },
              ],
            },
          },
        ],
      })}\n\n`,
  ),
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
          expect(translate(body, cuts, true, true, false).wire).toBe(plain.wire);
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

  it('translates a DeepSeek transcript: reasoning_content, then the answer, reasoning tokens in usage', () => {
    const chunk = (delta: object, extra: object = {}) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
    const body = [
      chunk({ role: 'assistant', content: null, reasoning_content: '' }),
      chunk({ reasoning_content: 'The user wants ', content: null }),
      chunk({ reasoning_content: 'a greeting. 🤔', content: null }),
      chunk({ content: 'Hello', reasoning_content: null }),
      chunk({ content: '!' }),
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
      'data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":20,"completion_tokens_details":{"reasoning_tokens":16}}}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    for (const fastPath of [true, false]) {
      const events = decode(translate(body, [], fastPath).wire);
      expect(events).toEqual([
        { type: 'reasoning-delta', delta: 'The user wants ' },
        { type: 'reasoning-delta', delta: 'a greeting. 🤔' },
        { type: 'text-delta', delta: 'Hello' },
        { type: 'text-delta', delta: '!' },
        { type: 'finish', reason: 'stop' },
      ]);
      expect(translate(body, [], fastPath).translator.usage).toEqual({
        promptTokens: 4,
        completionTokens: 20,
        reasoningTokens: 16,
      });
    }
  });

  it('translates vLLM/Ollama reasoning (delta.reasoning) the same way', () => {
    const body = `data: {"choices":[{"delta":{"reasoning":"Let me think"}}]}\n\ndata: {"choices":[{"delta":{"content":"42"}}]}\n\ndata: [DONE]\n\n`;
    expect(decode(translate(body, [], true).wire).slice(0, 2)).toEqual([
      { type: 'reasoning-delta', delta: 'Let me think' },
      { type: 'text-delta', delta: '42' },
    ]);
  });

  it('translates OpenAI parallel tool calls whose argument pieces interleave', () => {
    const piece = (index: number, fields: object) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index, ...fields }] } }] })}\n\n`;
    const body = [
      piece(0, {
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      }),
      piece(0, { function: { arguments: '{"city":' } }),
      piece(1, {
        id: 'call_b',
        type: 'function',
        function: { name: 'get_time', arguments: '{"tz"' },
      }),
      piece(0, { function: { arguments: '"Zürich"}' } }),
      piece(1, { function: { arguments: ':"CET"}' } }),
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    for (const fastPath of [true, false]) {
      expect(decode(translate(body, [], fastPath).wire)).toEqual([
        { type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 },
        { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' },
        { type: 'tool-call-start', toolCallId: 'call_b', name: 'get_time', index: 1 },
        { type: 'tool-call-delta', toolCallId: 'call_b', delta: '{"tz"' },
        { type: 'tool-call-delta', toolCallId: 'call_a', delta: '"Zürich"}' },
        { type: 'tool-call-delta', toolCallId: 'call_b', delta: ':"CET"}' },
        { type: 'tool-call-end', toolCallId: 'call_a' },
        { type: 'tool-call-end', toolCallId: 'call_b' },
        { type: 'finish', reason: 'tool_calls' },
      ]);
    }
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

  it('once released, keeps its figures, reads nothing more and emits nothing more', () => {
    const frames: SseFrame[] = [];
    const translator = createChunkTranslator({
      onFrame: (_seq, frame) => frames.push(frame),
      collectText: true,
    });
    const bytes = new TextEncoder();
    translator.feed(
      bytes.encode(
        `${contentChunk('Hi')}data: {"choices":[{"delta":{},"finish_reason":"length"}]}\n\n`,
      ),
    );
    translator.release();
    translator.feed(bytes.encode(contentChunk(' late')));
    translator.end();
    expect(frames).toHaveLength(1);
    expect(translator).toMatchObject({
      nextSeq: 1,
      deltaCount: 1,
      text: 'Hi',
      finishReason: 'length',
    });
    expect(() => translator.emit({ type: 'finish', reason: 'stop' })).toThrow(/released/);
    expect(translator.nextSeq).toBe(1);
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
