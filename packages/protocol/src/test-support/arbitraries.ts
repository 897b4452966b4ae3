import fc from 'fast-check';
import type { TokenwireEvent } from '../events.js';

/**
 * Pieces of text that break naive stream codecs: line ends, NUL, JavaScript-only line
 * separators, BOMs, emoji ZWJ sequences, astral characters, lone surrogates, and text that looks
 * like SSE frames, tokenwire JSON, OpenAI's `[DONE]` or the blog's `<br />`.
 */
const trickyPiece = fc.constantFrom(
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '\r\r',
  '\0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '👩‍💻',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '𝄞',
  '😀',
  'é',
  'e\u0301',
  '中文',
  '\ud800',
  '\udfff',
  '\udbff',
  'data: ',
  'data:',
  'id: 7',
  ': ping',
  'event: error',
  'retry: 0',
  '\n\ndata: {"type":"finish","reason":"stop"}\n\n',
  '{"type":"text-delta","delta":"x"}',
  '[DONE]',
  'data: [DONE]\n\n',
  '<br />',
  '"',
  '\\',
  '\\n',
  '\\u0000',
  '}',
  ' ',
  '\t',
  '\x7f',
  '\x1b[0m',
);

/** A unit of generated text: mostly tricky pieces, and any code point or printable grapheme. */
const textUnit = fc.oneof(
  { weight: 4, arbitrary: trickyPiece },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
);

/** Any JavaScript string the protocol must carry exactly, lone surrogates included. */
export const trickyText: fc.Arbitrary<string> = fc.string({ unit: textUnit, maxLength: 12 });

export const anyEvent: fc.Arbitrary<TokenwireEvent> = fc.oneof(
  fc.record({ type: fc.constant('start' as const), id: trickyText, model: trickyText }),
  fc.record({ type: fc.constant('text-delta' as const), delta: trickyText }),
  fc.record({ type: fc.constant('reasoning-delta' as const), delta: trickyText }),
  fc.record(
    {
      type: fc.constant('tool-call-start' as const),
      toolCallId: trickyText,
      name: trickyText,
      index: fc.nat(),
    },
    { requiredKeys: ['type', 'toolCallId', 'name'] },
  ),
  fc.record({
    type: fc.constant('tool-call-delta' as const),
    toolCallId: trickyText,
    delta: trickyText,
  }),
  fc.record({ type: fc.constant('tool-call-end' as const), toolCallId: trickyText }),
  fc.record(
    {
      type: fc.constant('finish' as const),
      reason: fc.constantFrom('stop', 'length', 'content_filter', 'tool_calls', 'abort' as const),
      usage: fc.record(
        { promptTokens: fc.nat(), completionTokens: fc.nat(), reasoningTokens: fc.nat() },
        { requiredKeys: ['promptTokens', 'completionTokens'] },
      ),
    },
    { requiredKeys: ['type', 'reason'] },
  ),
  fc.record({
    type: fc.constant('error' as const),
    code: trickyText,
    message: trickyText,
    retryable: fc.boolean(),
  }),
);
