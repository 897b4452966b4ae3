import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContentSpan, scanContentChunk } from './scan-content-chunk.js';

/** What `scanContentChunk` found: the content literal, or undefined when it declined. */
function scan(text: string | Buffer): string | undefined {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const span: ContentSpan = { start: -1, end: -1 };
  return scanContentChunk(bytes, 0, bytes.length, span)
    ? bytes.toString('utf8', span.start, span.end)
    : undefined;
}

/**
 * What the generation's `JSON.parse` path makes of a chunk: the text of its one `text-delta`
 * when that is all it does, otherwise undefined.
 */
function slowReading(bytes: Buffer): string | undefined {
  let chunk: {
    choices?: Array<{ delta?: Record<string, unknown> | null; finish_reason?: unknown }>;
    usage?: unknown;
    error?: unknown;
  };
  try {
    chunk = JSON.parse(bytes.toString());
  } catch {
    return undefined;
  }
  if (chunk === null || typeof chunk !== 'object') return undefined;
  if (chunk.error !== undefined && chunk.error !== null) return undefined;
  if (chunk.usage) return undefined;
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  if (choice === undefined || choice === null || typeof choice.finish_reason === 'string') {
    return undefined;
  }
  const delta = choice.delta;
  // Reasoning and tool calls are events of their own.
  for (const other of ['reasoning_content', 'reasoning', 'tool_calls']) {
    if (delta?.[other] !== undefined && delta?.[other] !== null) return undefined;
  }
  const content = delta?.content;
  return typeof content === 'string' && content.length > 0 ? content : undefined;
}

const chunkOf = (delta: string, extra = '') =>
  `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":null}]${extra}}`;

describe('scanContentChunk', () => {
  it('finds the content literal of an OpenAI content chunk, unknown fields and all', () => {
    expect(scan(chunkOf('{"content":"Hello"}'))).toBe('"Hello"');
    expect(
      scan(chunkOf('{"content":"a\\nb \\"q\\" é 😀"}', ',"obfuscation":"x1","usage":null')),
    ).toBe('"a\\nb \\"q\\" é 😀"');
    expect(scan(' { "choices" : [ { "delta" : { "content" : "x" } } ] } ')).toBe('"x"');
    expect(
      scan(
        '{"choices":[{"delta":{"content":"x","extra":[{"a":[1,-2.5e+3,true,false,null]}],"reasoning_content":null}}],"error":null}',
      ),
    ).toBe('"x"');
  });

  it('declines content that comes with reasoning or tool calls, which are events of their own', () => {
    expect(scan(chunkOf('{"content":"x","reasoning_content":"hm"}'))).toBeUndefined();
    expect(scan(chunkOf('{"content":"x","reasoning":"hm"}'))).toBeUndefined();
    expect(scan(chunkOf('{"content":"x","tool_calls":[{"index":0}]}'))).toBeUndefined();
  });

  it('declines every chunk that does more than add text, so JSON.parse handles it', () => {
    expect(scan(chunkOf('{"role":"assistant","content":""}'))).toBeUndefined();
    expect(scan(chunkOf('{"content":null}'))).toBeUndefined();
    expect(scan(chunkOf('{}'))).toBeUndefined();
    expect(
      scan(chunkOf('{"content":"x"}').replace('"finish_reason":null', '"finish_reason":"stop"')),
    ).toBeUndefined();
    expect(scan(chunkOf('{"content":"x"}', ',"usage":{"prompt_tokens":1}'))).toBeUndefined();
    expect(scan(chunkOf('{"content":"x"}', ',"error":{"message":"boom"}'))).toBeUndefined();
    expect(
      scan('{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"y"}}]}'),
    ).toBeUndefined();
    expect(scan('{"choices":[]}')).toBeUndefined();
    expect(scan('[DONE]')).toBeUndefined();
  });

  it('declines literals JSON.stringify would write differently, and malformed UTF-8', () => {
    expect(scan(chunkOf('{"content":"\\u00e9"}'))).toBeUndefined();
    expect(scan(chunkOf('{"content":"a\\/b"}'))).toBeUndefined();
    const withBytes = (...bytes: number[]) =>
      Buffer.concat([
        Buffer.from('{"choices":[{"delta":{"content":"'),
        Buffer.from(bytes),
        Buffer.from('"}}]}'),
      ]);
    expect(scan(withBytes(0xc3, 0xa9))).toBe('"é"');
    expect(scan(withBytes(0xc0, 0x80))).toBeUndefined(); // overlong
    expect(scan(withBytes(0xed, 0xa0, 0x80))).toBeUndefined(); // a surrogate
    expect(scan(withBytes(0xf4, 0x90, 0x80, 0x80))).toBeUndefined(); // past U+10FFFF
    expect(scan(withBytes(0xe2, 0x82))).toBeUndefined(); // cut short
    expect(scan(withBytes(0x01))).toBeUndefined(); // a raw control character
  });

  it('declines what JSON.parse could read differently: duplicated or escaped keys, deep nesting', () => {
    expect(scan('{"choices":[{"delta":{"content":"x","content":"y"}}]}')).toBeUndefined();
    expect(scan('{"choices":[{"delta":{"con\\u0074ent":"x"}}]}')).toBeUndefined();
    expect(scan('{"choices":[{"delta":{"content":"x"}}],"choices":[]}')).toBeUndefined();
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    expect(scan(`{"deep":${deep},"choices":[{"delta":{"content":"x"}}]}`)).toBeUndefined();
  });

  it('declines invalid JSON: trailing bytes, bad numbers, bad escapes, CR as space, truncation', () => {
    const valid = '{"choices":[{"delta":{"content":"x"}}],"n":1}';
    expect(scan(valid)).toBe('"x"');
    for (const invalid of [
      `${valid}x`,
      valid.replace('"n":1', '"n":01'),
      valid.replace('"n":1', '"n":1.'),
      valid.replace('"n":1', '"n":-'),
      valid.replace('"n":1', '"n":1e'),
      valid.replace('"n":1', '"n":"\\x"'),
      valid.replace('"n":1', '"n":"\\u12"'),
      valid.replace('"n":1', '"n":tru'),
      valid.replace(':1', ':\r1'),
      valid.slice(0, -1),
      valid.replace(']', ',]'),
    ]) {
      expect(scan(invalid), invalid).toBeUndefined();
    }
  });

  it('only accepts chunks that JSON.parse reads as exactly that text, and the literal JSON.stringify writes', () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const choice = fc.record(
      {
        index: fc.nat(3),
        delta: fc.record(
          {
            role: fc.constant('assistant'),
            content: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constant(null)),
            refusal: fc.constant(null),
          },
          { requiredKeys: [] },
        ),
        logprobs: fc.constant(null),
        finish_reason: fc.constantFrom(null, 'stop', 'length'),
        extra: value,
      },
      { requiredKeys: [] },
    );
    const chunk = fc.record(
      {
        id: fc.string(),
        choices: fc.array(choice, { maxLength: 2 }),
        usage: fc.constantFrom(null, { prompt_tokens: 1, completion_tokens: 2 }),
        error: fc.constantFrom(null, { message: 'x' }),
        extra: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(chunk, fc.constantFrom(0, 1), (object, indent) => {
        // Indented, with its line ends turned into spaces: an SSE data line holds no LF.
        const json = JSON.stringify(object, null, indent === 0 ? undefined : '\t');
        const bytes = Buffer.from(json.replaceAll('\n', ' '));
        const text = slowReading(bytes);
        const found = scan(bytes);
        if (found !== undefined) {
          expect(text).toBeDefined();
          expect(found).toBe(JSON.stringify(text));
        } else if (
          text !== undefined &&
          Array.isArray(object.choices) &&
          object.choices.length === 1
        ) {
          // Declined although JSON.parse reads plain text: only for a literal with \u escapes.
          expect(JSON.stringify(text)).toMatch(/\\u/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts a mangled chunk that JSON.parse would read differently', () => {
    const base = Buffer.from(chunkOf('{"content":"a é\\n😀"}', ',"usage":null'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(255)), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const bytes = Buffer.from(base);
          for (const [at, byte] of edits) bytes[at] = byte;
          const found = scan(bytes);
          if (found === undefined) return;
          const text = slowReading(bytes);
          expect(text).toBeDefined();
          expect(found).toBe(JSON.stringify(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
