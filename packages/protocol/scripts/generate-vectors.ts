/**
 * @module Writes the conformance vectors in `vectors/` from the hand-written cases below.
 * Inputs are written as readable text (or bytes) here; the files carry the exact bytes as base64.
 * Expected results are written by hand, never computed by this package's decoder, so the
 * vectors test the implementation instead of copying it. Run: `pnpm --filter @tokenwire/protocol vectors`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Bytes {
  /** The exact bytes. Normative. */
  base64: string;
  /** The same bytes as UTF-8 text, when they are valid UTF-8. Informative. */
  text?: string;
  /** The same bytes in hex, when they are not valid UTF-8. Informative. */
  hex?: string;
}

interface Entry {
  seq: number | null;
  event: Json;
}

interface DecodeVector {
  name: string;
  description: string;
  tags?: string[];
  input: Bytes;
  splits?: number[][];
  options?: { maxEventSize: number };
  /** For a resumed stream: the `Last-Event-ID` the client sent; its first frame is this + 1. */
  resumedAfter?: number;
  expect: {
    events: Entry[];
    unknownEvents?: Entry[];
    error: null | { code: 'truncated' | 'event_too_large' | 'malformed_event' | 'invalid_event' };
    lastEventId: string | null;
  };
}

interface EncodeVector {
  name: string;
  description: string;
  tags?: string[];
  events: Entry[];
  output: Bytes;
}

const utf8 = new TextEncoder();

function fromText(text: string): Bytes {
  const bytes = utf8.encode(text);
  if (new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) !== text)
    throw new Error(`not valid UTF-8 text: ${text}`);
  return { text, base64: Buffer.from(bytes).toString('base64') };
}

function fromBytes(...parts: Array<string | number[]>): Bytes {
  const bytes = Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))),
  );
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return { text: fatal.decode(bytes), base64: bytes.toString('base64') };
  } catch {
    return { hex: bytes.toString('hex'), base64: bytes.toString('base64') };
  }
}

/** Byte offsets of every occurrence of `needle` in the UTF-8 form of `text`, plus `shift`. */
function offsetsOf(text: string, needle: string, shift = 0): number[] {
  const bytes = Buffer.from(text, 'utf8');
  const pattern = Buffer.from(needle, 'utf8');
  const offsets: number[] = [];
  for (let at = bytes.indexOf(pattern); at !== -1; at = bytes.indexOf(pattern, at + 1)) {
    offsets.push(at + shift);
  }
  return offsets;
}

const start = { type: 'start', id: 'gen_1', model: 'gpt-4o-mini' };
const startFrame = 'id: 0\ndata: {"type":"start","id":"gen_1","model":"gpt-4o-mini"}\n\n';
const finish = { type: 'finish', reason: 'stop' };
const ping = ': ping\n\n';
const delta = (text: string): Json => ({ type: 'text-delta', delta: text });
const at = (seq: number | null, event: Json): Entry => ({ seq, event });
const reasoning = (text: string): Json => ({ type: 'reasoning-delta', delta: text });
const callStart = (toolCallId: string, name: string, index?: number): Json =>
  index === undefined
    ? { type: 'tool-call-start', toolCallId, name }
    : { type: 'tool-call-start', toolCallId, name, index };
const callDelta = (toolCallId: string, text: string): Json => ({
  type: 'tool-call-delta',
  toolCallId,
  delta: text,
});
const callEnd = (toolCallId: string): Json => ({ type: 'tool-call-end', toolCallId });
/** One frame as the reference encoder writes it (JSON.stringify gives its member order). */
const frame = (seq: number, event: Json): string =>
  `id: ${seq}\ndata: ${JSON.stringify(event)}\n\n`;

// Reasoning whose multi-byte characters (ü: 2 bytes, 中: 3, 🤔: 4) the splits below cut apart.
const reasoningText =
  ping +
  startFrame +
  'id: 1\ndata: {"type":"reasoning-delta","delta":"Grüße? 中"}\n\n' +
  'id: 2\ndata: {"type":"reasoning-delta","delta":"文 🤔\\n"}\n\n' +
  'id: 3\ndata: {"type":"text-delta","delta":"Hallo"}\n\n' +
  'id: 4\ndata: {"type":"reasoning-delta","delta":"ok"}\n\n' +
  'id: 5\ndata: {"type":"text-delta","delta":"!"}\n\n' +
  'id: 6\ndata: {"type":"finish","reason":"stop","usage":{"promptTokens":9,"completionTokens":14,"reasoningTokens":8}}\n\n';

// Two parallel calls as an OpenAI upstream streams them: both start, their argument pieces
// interleave (cut inside a string and before a multi-byte character), then both end.
const toolCallsText =
  startFrame +
  'id: 1\ndata: {"type":"reasoning-delta","delta":"Two cities."}\n\n' +
  'id: 2\ndata: {"type":"tool-call-start","toolCallId":"call_a","name":"get_weather","index":0}\n\n' +
  'id: 3\ndata: {"type":"tool-call-delta","toolCallId":"call_a","delta":"{\\"city\\":\\"Mün"}\n\n' +
  'id: 4\ndata: {"type":"tool-call-start","toolCallId":"call_b","name":"get_weather","index":1}\n\n' +
  'id: 5\ndata: {"type":"tool-call-delta","toolCallId":"call_b","delta":"{\\"ci"}\n\n' +
  'id: 6\ndata: {"type":"tool-call-delta","toolCallId":"call_a","delta":"chen\\"}"}\n\n' +
  'id: 7\ndata: {"type":"tool-call-delta","toolCallId":"call_b","delta":"ty\\":\\"東京\\"}"}\n\n' +
  'id: 8\ndata: {"type":"tool-call-end","toolCallId":"call_a"}\n\n' +
  'id: 9\ndata: {"type":"tool-call-end","toolCallId":"call_b"}\n\n' +
  'id: 10\ndata: {"type":"finish","reason":"tool_calls","usage":{"promptTokens":60,"completionTokens":40,"reasoningTokens":4}}\n\n';
const toolCallsEvents = [
  at(0, start),
  at(1, reasoning('Two cities.')),
  at(2, callStart('call_a', 'get_weather', 0)),
  at(3, callDelta('call_a', '{"city":"Mün')),
  at(4, callStart('call_b', 'get_weather', 1)),
  at(5, callDelta('call_b', '{"ci')),
  at(6, callDelta('call_a', 'chen"}')),
  at(7, callDelta('call_b', 'ty":"東京"}')),
  at(8, callEnd('call_a')),
  at(9, callEnd('call_b')),
  at(10, {
    type: 'finish',
    reason: 'tool_calls',
    usage: { promptTokens: 60, completionTokens: 40, reasoningTokens: 4 },
  }),
];

const answerText =
  ping +
  startFrame +
  'id: 1\ndata: {"type":"text-delta","delta":"Hello"}\n\n' +
  'id: 2\ndata: {"type":"text-delta","delta":", wörld 👩‍💻"}\n\n' +
  'id: 3\ndata: {"type":"finish","reason":"stop","usage":{"promptTokens":9,"completionTokens":4}}\n\n';
const answerEvents = [
  at(0, start),
  at(1, delta('Hello')),
  at(2, delta(', wörld 👩‍💻')),
  at(3, { type: 'finish', reason: 'stop', usage: { promptTokens: 9, completionTokens: 4 } }),
];

const encode: EncodeVector[] = [
  {
    name: 'answer',
    description:
      'start, a delta and finish with usage: fields in the canonical order (type first, then as listed in PROTOCOL.md), no spaces.',
    events: [
      at(0, start),
      at(1, delta('Hi')),
      at(2, { type: 'finish', reason: 'length', usage: { promptTokens: 12, completionTokens: 0 } }),
    ],
    output: fromText(
      startFrame +
        'id: 1\ndata: {"type":"text-delta","delta":"Hi"}\n\n' +
        'id: 2\ndata: {"type":"finish","reason":"length","usage":{"promptTokens":12,"completionTokens":0}}\n\n',
    ),
  },
  {
    name: 'finish-without-usage',
    description: 'usage is left out when unknown.',
    events: [at(5, { type: 'finish', reason: 'content_filter' })],
    output: fromText('id: 5\ndata: {"type":"finish","reason":"content_filter"}\n\n'),
  },
  {
    name: 'error',
    description: 'An error event.',
    events: [
      at(3, {
        type: 'error',
        code: 'upstream_unavailable',
        message: 'The model is unreachable.',
        retryable: true,
      }),
    ],
    output: fromText(
      'id: 3\ndata: {"type":"error","code":"upstream_unavailable","message":"The model is unreachable.","retryable":true}\n\n',
    ),
  },
  {
    name: 'control-characters-escaped',
    description:
      'Every C0 control character is escaped: the short forms \\b \\t \\n \\f \\r, and \\u00XX (lowercase hex) for the rest. No raw CR or LF can reach the frame.',
    events: [at(7, delta('\0\x01\x07\b\t\n\v\f\r\x1b\x1f'))],
    output: fromText(
      'id: 7\ndata: {"type":"text-delta","delta":"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u001b\\u001f"}\n\n',
    ),
  },
  {
    name: 'json-and-sse-lookalikes-escaped',
    description:
      'Quotes and backslashes are escaped; text that looks like SSE, JSON, [DONE] or HTML travels unchanged inside the string.',
    events: [at(1, delta('"quoted" \\ data: [DONE]\n\n{"type":"finish"} <br /> </script>'))],
    output: fromText(
      'id: 1\ndata: {"type":"text-delta","delta":"\\"quoted\\" \\\\ data: [DONE]\\n\\n{\\"type\\":\\"finish\\"} <br /> </script>"}\n\n',
    ),
  },
  {
    name: 'unicode-unescaped',
    description:
      'Everything that is not a control character, quote or backslash is written as raw UTF-8: DEL, U+2028, U+2029, a BOM, combining marks, emoji ZWJ sequences, astral characters.',
    events: [at(2, delta('\x7f\u2028\u2029\ufeffe\u0301 👨‍👩‍👧‍👦 🏳️‍🌈 𝄞 中文'))],
    output: fromText(
      'id: 2\ndata: {"type":"text-delta","delta":"\x7f\u2028\u2029\ufeffe\u0301 👨‍👩‍👧‍👦 🏳️‍🌈 𝄞 中文"}\n\n',
    ),
  },
  {
    name: 'empty-strings',
    description: 'Empty deltas, ids and models are valid and encoded as "".',
    events: [at(0, { type: 'start', id: '', model: '' }), at(1, delta(''))],
    output: fromText(
      'id: 0\ndata: {"type":"start","id":"","model":""}\n\nid: 1\ndata: {"type":"text-delta","delta":""}\n\n',
    ),
  },
  {
    name: 'large-seq',
    description: 'seq is written in decimal without leading zeros, up to 2^53 - 1.',
    events: [at(9007199254740991, delta('x'))],
    output: fromText('id: 9007199254740991\ndata: {"type":"text-delta","delta":"x"}\n\n'),
  },
  {
    name: 'lone-surrogates',
    description:
      'A UTF-16 string may hold half of a surrogate pair (a model can cut an emoji between two deltas). It is escaped as \\udXXX (lowercase), so the frame stays valid UTF-8 and a UTF-16 decoder gets it back exactly. Languages whose strings cannot hold lone surrogates may skip this vector (tag lone-surrogate).',
    tags: ['lone-surrogate'],
    events: [at(1, delta('\ud83d')), at(2, delta('\ude00'))],
    output: fromText(
      'id: 1\ndata: {"type":"text-delta","delta":"\\ud83d"}\n\nid: 2\ndata: {"type":"text-delta","delta":"\\ude00"}\n\n',
    ),
  },
  {
    name: 'reasoning-and-tool-calls',
    description:
      'reasoning-delta, tool-call-start (with and without index), tool-call-delta (JSON text escaped as a string), tool-call-end, and finish with reasoningTokens: members in the order PROTOCOL.md lists them.',
    events: [
      at(1, reasoning('Look it up.')),
      at(2, callStart('call_a', 'get_weather', 0)),
      at(3, callStart('call_b', 'get_time')),
      at(4, callDelta('call_a', '{"city":"Paris"}')),
      at(5, callEnd('call_a')),
      at(6, callDelta('call_b', '{}')),
      at(7, callEnd('call_b')),
      at(8, {
        type: 'finish',
        reason: 'tool_calls',
        usage: { promptTokens: 20, completionTokens: 30, reasoningTokens: 5 },
      }),
    ],
    output: fromText(
      'id: 1\ndata: {"type":"reasoning-delta","delta":"Look it up."}\n\n' +
        'id: 2\ndata: {"type":"tool-call-start","toolCallId":"call_a","name":"get_weather","index":0}\n\n' +
        'id: 3\ndata: {"type":"tool-call-start","toolCallId":"call_b","name":"get_time"}\n\n' +
        'id: 4\ndata: {"type":"tool-call-delta","toolCallId":"call_a","delta":"{\\"city\\":\\"Paris\\"}"}\n\n' +
        'id: 5\ndata: {"type":"tool-call-end","toolCallId":"call_a"}\n\n' +
        'id: 6\ndata: {"type":"tool-call-delta","toolCallId":"call_b","delta":"{}"}\n\n' +
        'id: 7\ndata: {"type":"tool-call-end","toolCallId":"call_b"}\n\n' +
        'id: 8\ndata: {"type":"finish","reason":"tool_calls","usage":{"promptTokens":20,"completionTokens":30,"reasoningTokens":5}}\n\n',
    ),
  },
];

const valid: DecodeVector[] = [
  {
    name: 'answer',
    description:
      'A complete answer as the reference server sends it: the opening heartbeat, start, two deltas (one with multi-byte characters), finish with usage.',
    input: fromText(answerText),
    splits: [
      offsetsOf(answerText, 'ö', 1),
      offsetsOf(answerText, '👩', 2),
      offsetsOf(answerText, '\n\n', 1),
    ],
    expect: { events: answerEvents, error: null, lastEventId: '3' },
  },
  {
    name: 'heartbeats-between-events',
    description: 'Heartbeat comments may come at any point between events and are ignored.',
    input: fromText(
      `${ping}${ping}${startFrame}${ping}id: 1\ndata: {"type":"finish","reason":"stop"}\n\n${ping}`,
    ),
    expect: { events: [at(0, start), at(1, finish)], error: null, lastEventId: '1' },
  },
  {
    name: 'crlf-line-ends',
    description: 'CRLF line ends, including a CRLF cut between its CR and its LF.',
    input: fromText(`${answerText}`.replaceAll('\n', '\r\n')),
    splits: [offsetsOf(answerText.replaceAll('\n', '\r\n'), '\r\n', 1)],
    expect: { events: answerEvents, error: null, lastEventId: '3' },
  },
  {
    name: 'cr-line-ends',
    description: 'Bare CR line ends.',
    input: fromText(answerText.replaceAll('\n', '\r')),
    expect: { events: answerEvents, error: null, lastEventId: '3' },
  },
  {
    name: 'mixed-line-ends',
    description: 'LF, CR and CRLF mixed in one stream; CR followed by CR is two line ends.',
    input: fromText(
      `${startFrame.replace('\n\n', '\r\r')}id: 1\r\ndata: {"type":"finish","reason":"stop"}\n\r\n`,
    ),
    expect: { events: [at(0, start), at(1, finish)], error: null, lastEventId: '1' },
  },
  {
    name: 'leading-bom',
    description: 'One UTF-8 BOM at the very start of the stream is ignored.',
    input: fromText(`\ufeff${startFrame}id: 1\ndata: {"type":"finish","reason":"stop"}\n\n`),
    splits: [[1], [2], [3]],
    expect: { events: [at(0, start), at(1, finish)], error: null, lastEventId: '1' },
  },
  {
    name: 'bom-inside-delta',
    description:
      'A BOM anywhere but the start of the stream is text, even when a chunk starts with it.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"text-delta","delta":"\ufeffa\ufeff"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    splits: [offsetsOf(`${startFrame}id: 1\ndata: {"type":"text-delta","delta":"`, '"delta":"', 9)],
    expect: {
      events: [at(0, start), at(1, delta('\ufeffa\ufeff')), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'forward-compatible-fields-and-types',
    description:
      'New fields on known events are ignored; events of unknown types are skipped (and may be reported); SSE fields other than data and id (event names aside) are ignored.',
    input: fromText(
      `${startFrame}retry: 3000\nfoo: bar\nid: 1\ndata: {"type":"text-delta","delta":"a","index":0,"logprobs":null}\n\n` +
        'id: 2\ndata: {"type":"source-url","url":"https://example.com/"}\n\n' +
        'id: 3\ndata: {"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"cachedTokens":0},"latencyMs":5}\n\n',
    ),
    expect: {
      events: [
        at(0, start),
        at(1, delta('a')),
        at(3, { type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 2 } }),
      ],
      unknownEvents: [at(2, { type: 'source-url', url: 'https://example.com/' })],
      error: null,
      lastEventId: '3',
    },
  },
  {
    name: 'named-sse-event-skipped',
    description:
      'v1 never sends an SSE event field. A frame with an event name other than "message" belongs to a later version: it is skipped without parsing its data (reported as {type: <name>, data: <raw data>}). "event: message" and an empty event field mean a plain message.',
    input: fromText(
      `${startFrame}id: 1\nevent: patch\ndata: not json at all\n\n` +
        'id: 2\nevent: message\ndata: {"type":"text-delta","delta":"a"}\n\n' +
        'id: 3\nevent:\ndata: {"type":"finish","reason":"stop"}\n\n',
    ),
    expect: {
      events: [at(0, start), at(2, delta('a')), at(3, finish)],
      unknownEvents: [at(1, { type: 'patch', data: 'not json at all' })],
      error: null,
      lastEventId: '3',
    },
  },
  {
    name: 'data-over-several-lines',
    description:
      'Several data lines are joined with LF before JSON parsing; JSON allows that LF as whitespace between tokens. The space after "data:" is optional and only one is removed.',
    input: fromText(
      `${startFrame}id: 1\ndata:{"type":"text-delta",\ndata:  "delta":"a"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(0, start), at(1, delta('a')), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'frames-without-id',
    description:
      'A frame without an id keeps the last id seen (SSE ids persist), so its seq is that of the frame before; a frame whose id is not decimal digits has no seq.',
    input: fromText(
      `${startFrame}data: {"type":"text-delta","delta":"a"}\n\nid: x7\ndata: {"type":"text-delta","delta":"b"}\n\nid: 3\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(0, start), at(0, delta('a')), at(null, delta('b')), at(3, finish)],
      error: null,
      lastEventId: '3',
    },
  },
  {
    name: 'id-with-nul-ignored',
    description:
      'An id field containing U+0000 is ignored, as the SSE spec requires: the last valid id stays.',
    input: fromText(
      `${startFrame}id: 1\0\ndata: {"type":"text-delta","delta":"a"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(0, start), at(0, delta('a')), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'invalid-utf8-replaced',
    description:
      'Bytes that are not valid UTF-8 become U+FFFD, as the WHATWG decoder (and EventSource) does: here a lone 0xFF and a 3-byte sequence cut short by a quote. The stream does not fail.',
    input: fromBytes(
      startFrame,
      'id: 1\ndata: {"type":"text-delta","delta":"a',
      [0xff],
      'b',
      [0xe2, 0x82],
      '"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n',
    ),
    expect: {
      events: [at(0, start), at(1, delta('a\ufffdb\ufffd')), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'error-event-ends-stream',
    description: 'An error event is terminal like finish; what came before it stays valid.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"text-delta","delta":"par"}\n\nid: 2\ndata: {"type":"error","code":"upstream_unavailable","message":"The model is unreachable.","retryable":true}\n\n`,
    ),
    expect: {
      events: [
        at(0, start),
        at(1, delta('par')),
        at(2, {
          type: 'error',
          code: 'upstream_unavailable',
          message: 'The model is unreachable.',
          retryable: true,
        }),
      ],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'anything-after-terminal-ignored',
    description:
      'Nothing after finish or error is decoded: not events, not malformed frames, not an unfinished frame, and not an event over the size limit.',
    options: { maxEventSize: 100 },
    input: fromText(
      `id: 0\ndata: {"type":"finish","reason":"abort"}\n\nid: 1\ndata: {"type":"text-delta","delta":"late"}\n\ndata: [DONE]\n\ndata: ${'x'.repeat(150)}\n\ndata: {"type":`,
    ),
    expect: {
      events: [at(0, { type: 'finish', reason: 'abort' })],
      error: null,
      lastEventId: '0',
    },
  },
  {
    name: 'lone-surrogates',
    description:
      'Escaped lone surrogates decode to lone surrogates in UTF-16 languages; joined, these two deltas make 😀. Skip where strings cannot hold them (tag lone-surrogate).',
    tags: ['lone-surrogate'],
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"text-delta","delta":"\\ud83d"}\n\nid: 2\ndata: {"type":"text-delta","delta":"\\ude00"}\n\nid: 3\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(0, start), at(1, delta('\ud83d')), at(2, delta('\ude00')), at(3, finish)],
      error: null,
      lastEventId: '3',
    },
  },
  {
    name: 'reasoning-then-answer',
    description:
      'Reasoning deltas before the answer, one more interleaved with it, and finish with reasoningTokens. The splits cut the reasoning inside a 2-, a 3- and a 4-byte character: each must come out whole, never as U+FFFD.',
    input: fromText(reasoningText),
    splits: [
      offsetsOf(reasoningText, 'ü', 1),
      offsetsOf(reasoningText, '中', 1),
      offsetsOf(reasoningText, '中', 2),
      offsetsOf(reasoningText, '🤔', 1),
      offsetsOf(reasoningText, '🤔', 3),
      [...offsetsOf(reasoningText, 'ü', 1), ...offsetsOf(reasoningText, '🤔', 2)],
    ],
    expect: {
      events: [
        at(0, start),
        at(1, reasoning('Grüße? 中')),
        at(2, reasoning('文 🤔\n')),
        at(3, delta('Hallo')),
        at(4, reasoning('ok')),
        at(5, delta('!')),
        at(6, {
          type: 'finish',
          reason: 'stop',
          usage: { promptTokens: 9, completionTokens: 14, reasoningTokens: 8 },
        }),
      ],
      error: null,
      lastEventId: '6',
    },
  },
  {
    name: 'parallel-tool-calls-interleaved',
    description:
      'Two parallel tool calls whose argument pieces interleave; each piece names its call, so a client joins them per toolCallId: call_a gets {"city":"München"}, call_b {"city":"東京"}. finish tool_calls comes after both calls end. The splits cut inside ü and 東.',
    input: fromText(toolCallsText),
    splits: [
      offsetsOf(toolCallsText, 'ü', 1),
      offsetsOf(toolCallsText, '東', 1),
      offsetsOf(toolCallsText, '東', 2),
    ],
    expect: { events: toolCallsEvents, error: null, lastEventId: '10' },
  },
  {
    name: 'tool-call-fields-forward-compatible',
    description:
      'tool-call-start without index (it is optional; null means absent too), and members a newer server adds to reasoning and tool-call events, which a decoder drops.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"reasoning-delta","delta":"a","signature":"sig"}\n\n` +
        'id: 2\ndata: {"type":"tool-call-start","toolCallId":"c1","name":"f"}\n\n' +
        'id: 3\ndata: {"type":"tool-call-start","toolCallId":"c2","name":"g","index":null,"kind":"function"}\n\n' +
        'id: 4\ndata: {"type":"tool-call-delta","toolCallId":"c1","delta":"","index":0}\n\n' +
        'id: 5\ndata: {"type":"tool-call-end","toolCallId":"c1","arguments":"{}"}\n\n' +
        'id: 6\ndata: {"type":"tool-call-end","toolCallId":"c2"}\n\n' +
        'id: 7\ndata: {"type":"finish","reason":"tool_calls","usage":{"promptTokens":1,"completionTokens":2,"reasoningTokens":null}}\n\n',
    ),
    expect: {
      events: [
        at(0, start),
        at(1, reasoning('a')),
        at(2, callStart('c1', 'f')),
        at(3, callStart('c2', 'g')),
        at(4, callDelta('c1', '')),
        at(5, callEnd('c1')),
        at(6, callEnd('c2')),
        at(7, {
          type: 'finish',
          reason: 'tool_calls',
          usage: { promptTokens: 1, completionTokens: 2 },
        }),
      ],
      error: null,
      lastEventId: '7',
    },
  },
];

const resumedText = `${ping}id: 4\ndata: {"type":"text-delta","delta":"lo"}\n\n${ping}id: 5\ndata: {"type":"text-delta","delta":" wörld"}\n\nid: 6\ndata: {"type":"finish","reason":"stop"}\n\n`;

const resumed: DecodeVector[] = [
  {
    name: 'resumed-after-seq-3',
    description:
      'The body of GET <api>/chat/gen_1 with Last-Event-ID: 3. It starts at seq 4, without start (the client has it from the first connection) and ends with the terminal event. A decoder must accept it as it is.',
    resumedAfter: 3,
    input: fromText(resumedText),
    splits: [offsetsOf(resumedText, 'ö', 1)],
    expect: {
      events: [at(4, delta('lo')), at(5, delta(' wörld')), at(6, finish)],
      error: null,
      lastEventId: '6',
    },
  },
  {
    name: 'resumed-after-start',
    description:
      'Resumed with Last-Event-ID: 0: the client has start (seq 0), so the body begins at seq 1 and start is not repeated.',
    resumedAfter: 0,
    input: fromText(
      `${ping}id: 1\ndata: {"type":"text-delta","delta":"Hi"}\n\nid: 2\ndata: {"type":"finish","reason":"length"}\n\n`,
    ),
    expect: {
      events: [at(1, delta('Hi')), at(2, { type: 'finish', reason: 'length' })],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'resumed-inside-tool-call',
    description:
      'Resumed in the middle of a tool call: the body starts with a tool-call-delta whose tool-call-start the client got before the drop. A decoder must not require the start in the same body; the client appends to the call it has.',
    resumedAfter: 7,
    input: fromText(
      frame(8, callDelta('call_a', '"Paris"}')) +
        frame(9, callEnd('call_a')) +
        frame(10, { type: 'finish', reason: 'tool_calls' }),
    ),
    expect: {
      events: [
        at(8, callDelta('call_a', '"Paris"}')),
        at(9, callEnd('call_a')),
        at(10, { type: 'finish', reason: 'tool_calls' }),
      ],
      error: null,
      lastEventId: '10',
    },
  },
  {
    name: 'resumed-stream-already-ended',
    description:
      'The generation had already ended within the server TTL: the replay holds only what the client missed, here the terminal event itself (an error), and the body ends there.',
    resumedAfter: 11,
    input: fromText(
      `${ping}id: 12\ndata: {"type":"error","code":"upstream_unavailable","message":"The model is unreachable.","retryable":true}\n\n`,
    ),
    expect: {
      events: [
        at(12, {
          type: 'error',
          code: 'upstream_unavailable',
          message: 'The model is unreachable.',
          retryable: true,
        }),
      ],
      error: null,
      lastEventId: '12',
    },
  },
  {
    name: 'replay-from-zero',
    description:
      'GET <api>/chat/gen_1 without a last id replays from seq 0: start is sent, then everything else.',
    input: fromText(`${ping}${startFrame}id: 1\ndata: {"type":"finish","reason":"stop"}\n\n`),
    expect: { events: [at(0, start), at(1, finish)], error: null, lastEventId: '1' },
  },
  {
    name: 'resumed-then-cut-again',
    description:
      'A resumed body can be cut too: truncated, with lastEventId on the last event received, ready for the next resume.',
    resumedAfter: 4,
    input: fromText(
      'id: 5\ndata: {"type":"reasoning-delta","delta":"hm"}\n\nid: 6\ndata: {"type":"text-',
    ),
    expect: {
      events: [at(5, reasoning('hm'))],
      error: { code: 'truncated' },
      lastEventId: '5',
    },
  },
];

const truncated: DecodeVector[] = [
  {
    name: 'empty-body',
    description: 'A body with no bytes at all is truncated.',
    input: fromText(''),
    expect: { events: [], error: { code: 'truncated' }, lastEventId: null },
  },
  {
    name: 'heartbeat-only',
    description: 'The server opened the stream and died before the first event.',
    input: fromText(ping),
    expect: { events: [], error: { code: 'truncated' }, lastEventId: null },
  },
  {
    name: 'no-terminal-event',
    description: 'Every frame is complete, but neither finish nor error came.',
    input: fromText(`${ping}${startFrame}id: 1\ndata: {"type":"text-delta","delta":"Hel"}\n\n`),
    expect: {
      events: [at(0, start), at(1, delta('Hel'))],
      error: { code: 'truncated' },
      lastEventId: '1',
    },
  },
  {
    name: 'cut-before-blank-line',
    description:
      'The finish frame lacks its closing blank line: an SSE message is only complete at the blank line, so finish never happened.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"finish","reason":"stop"}\n`),
    expect: { events: [at(0, start)], error: { code: 'truncated' }, lastEventId: '0' },
  },
  {
    name: 'cut-inside-json',
    description: 'The connection dropped in the middle of a frame.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"text-delta","del`),
    expect: { events: [at(0, start)], error: { code: 'truncated' }, lastEventId: '0' },
  },
  {
    name: 'cut-inside-character',
    description:
      'The connection dropped in the middle of a 4-byte character: truncated, never a crash or a decoded half character.',
    input: fromBytes(startFrame, 'id: 1\ndata: {"type":"text-delta","delta":"', [0xf0, 0x9f]),
    expect: { events: [at(0, start)], error: { code: 'truncated' }, lastEventId: '0' },
  },
];

truncated.push({
  name: 'cut-inside-tool-call',
  description:
    'The body ended after a tool call started but before it ended: truncated, like a cut answer. The call is incomplete; a client MUST NOT run it.',
  input: fromText(
    `${startFrame}${frame(1, callStart('call_a', 'get_weather', 0))}${frame(2, callDelta('call_a', '{"city":'))}`,
  ),
  expect: {
    events: [
      at(0, start),
      at(1, callStart('call_a', 'get_weather', 0)),
      at(2, callDelta('call_a', '{"city":')),
    ],
    error: { code: 'truncated' },
    lastEventId: '2',
  },
});

const malformed: DecodeVector[] = [
  {
    name: 'openai-done-marker-is-not-an-end',
    description:
      'A stream that ends like OpenAI\'s, with "data: [DONE]", is not a tokenwire stream: [DONE] is not JSON.',
    input: fromText(`${startFrame}data: [DONE]\n\n`),
    expect: { events: [at(0, start)], error: { code: 'malformed_event' }, lastEventId: '0' },
  },
  {
    name: 'malformed-json',
    description:
      'A frame whose data is not JSON ends the stream with malformed_event; the events before it are delivered and lastEventId stays on the last good frame, so a resume asks for the bad one again.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"text-delta","delta":"a"}\n\nid: 2\ndata: {"type":"text-delta","delta":"b}\n\nid: 3\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(0, start), at(1, delta('a'))],
      error: { code: 'malformed_event' },
      lastEventId: '1',
    },
  },
  {
    name: 'empty-data',
    description: 'An empty data line dispatches an empty message, which is not JSON.',
    input: fromText(`${startFrame}id: 1\ndata:\n\n`),
    expect: { events: [at(0, start)], error: { code: 'malformed_event' }, lastEventId: '0' },
  },
  {
    name: 'not-an-object',
    description: 'Valid JSON that is not an object is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: ["text-delta","a"]\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'no-type',
    description: 'An object without a string type is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: {"delta":"a"}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'known-type-missing-field',
    description: 'A text-delta without its delta is invalid_event, not a skipped event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"text-delta","text":"a"}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'known-type-wrong-field-type',
    description: 'An error event whose retryable is not a boolean is invalid_event.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"error","code":"x","message":"y","retryable":"true"}\n\n`,
    ),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'unknown-finish-reason',
    description:
      'finish reasons are a closed set in v1; a new one needs a new protocol version, so an unknown one is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"finish","reason":"done"}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'reasoning-delta-without-delta',
    description: 'A reasoning-delta whose delta is not a string is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"reasoning-delta","delta":null}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'tool-call-delta-without-tool-call-id',
    description:
      'A tool-call-delta must name its call: without a string toolCallId it is invalid_event, not a skipped event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"tool-call-delta","delta":"{}"}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'tool-call-start-without-name',
    description: 'A tool-call-start without a string name is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"tool-call-start","toolCallId":"c1"}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'tool-call-start-bad-index',
    description:
      'index, when present and not null, is a non-negative integer; "0" is invalid_event.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"tool-call-start","toolCallId":"c1","name":"f","index":"0"}\n\n`,
    ),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'tool-call-end-bad-tool-call-id',
    description: 'A tool-call-end whose toolCallId is not a string is invalid_event.',
    input: fromText(`${startFrame}id: 1\ndata: {"type":"tool-call-end","toolCallId":1}\n\n`),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'negative-reasoning-tokens',
    description: 'usage.reasoningTokens, when present and not null, is a non-negative integer.',
    input: fromText(
      `${startFrame}id: 1\ndata: {"type":"finish","reason":"stop","usage":{"promptTokens":1,"completionTokens":2,"reasoningTokens":-1}}\n\n`,
    ),
    expect: { events: [at(0, start)], error: { code: 'invalid_event' }, lastEventId: '0' },
  },
  {
    name: 'event-at-size-limit',
    description:
      'maxEventSize 64: the frame "id: 1\\ndata: …\\n" is exactly 64 characters (each line plus one for its line end, the blank line not counted) and is accepted.',
    options: { maxEventSize: 64 },
    input: fromText(
      `id: 1\ndata: {"type":"text-delta","delta":"${'x'.repeat(19)}"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [at(1, delta('x'.repeat(19))), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'event-over-size-limit',
    description: 'The same frame one character longer is event_too_large.',
    options: { maxEventSize: 64 },
    input: fromText(
      `id: 1\ndata: {"type":"text-delta","delta":"${'x'.repeat(20)}"}\n\nid: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: { events: [], error: { code: 'event_too_large' }, lastEventId: null },
  },
  {
    name: 'size-limit-counts-every-line',
    description:
      'Comment lines and unknown fields inside an event count towards its size, so a server cannot grow one event without bound with them.',
    options: { maxEventSize: 64 },
    input: fromText(`${': padding\n'.repeat(6)}id: 1\ndata: {"type":"finish","reason":"stop"}\n\n`),
    expect: { events: [], error: { code: 'event_too_large' }, lastEventId: null },
  },
  {
    name: 'size-limit-is-per-event',
    description: 'Many events each under the limit are fine, however long the stream.',
    options: { maxEventSize: 64 },
    input: fromText(
      `${'id: 1\ndata: {"type":"text-delta","delta":"abc"}\n\n'.repeat(40)}id: 2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    ),
    expect: {
      events: [...Array.from({ length: 40 }, () => at(1, delta('abc'))), at(2, finish)],
      error: null,
      lastEventId: '2',
    },
  },
  {
    name: 'line-that-never-ends',
    description:
      'A line with no line end that grows past the limit is event_too_large as soon as it does, not truncated when the stream ends: a decoder must not buffer it whole first.',
    options: { maxEventSize: 64 },
    input: fromText(`${startFrame}data: ${'x'.repeat(200)}`),
    expect: { events: [at(0, start)], error: { code: 'event_too_large' }, lastEventId: '0' },
  },
];

function file(description: string, vectors: unknown[]): Json {
  return {
    $schema: './schema.json',
    protocol: 1,
    description,
    vectors: vectors as Json[],
  };
}

const schema: Json = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'tokenwire protocol v1 conformance vectors',
  type: 'object',
  required: ['protocol', 'description', 'vectors'],
  properties: {
    protocol: { const: 1 },
    description: { type: 'string' },
    vectors: {
      type: 'array',
      items: {
        oneOf: [{ $ref: '#/$defs/decodeVector' }, { $ref: '#/$defs/encodeVector' }],
      },
    },
  },
  $defs: {
    bytes: {
      type: 'object',
      required: ['base64'],
      properties: {
        base64: { type: 'string', description: 'The exact bytes (RFC 4648 base64). Normative.' },
        text: { type: 'string', description: 'The bytes as UTF-8 text. Informative.' },
        hex: { type: 'string', description: 'The bytes in hex, when not valid UTF-8.' },
      },
    },
    entry: {
      type: 'object',
      required: ['seq', 'event'],
      properties: {
        seq: { type: ['integer', 'null'] },
        event: { type: 'object', required: ['type'] },
      },
    },
    tags: { type: 'array', items: { enum: ['lone-surrogate'] } },
    decodeVector: {
      type: 'object',
      required: ['name', 'description', 'input', 'expect'],
      properties: {
        name: { type: 'string' },
        description: { type: 'string' },
        tags: { $ref: '#/$defs/tags' },
        input: { $ref: '#/$defs/bytes' },
        splits: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
        options: {
          type: 'object',
          properties: { maxEventSize: { type: 'integer' } },
        },
        resumedAfter: {
          type: 'integer',
          minimum: 0,
          description:
            'Resumed streams only: the Last-Event-ID the client sent; the first event has seq resumedAfter + 1.',
        },
        expect: {
          type: 'object',
          required: ['events', 'error', 'lastEventId'],
          properties: {
            events: { type: 'array', items: { $ref: '#/$defs/entry' } },
            unknownEvents: { type: 'array', items: { $ref: '#/$defs/entry' } },
            error: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['code'],
                  properties: {
                    code: {
                      enum: ['truncated', 'event_too_large', 'malformed_event', 'invalid_event'],
                    },
                  },
                },
              ],
            },
            lastEventId: { type: ['string', 'null'] },
          },
        },
      },
    },
    encodeVector: {
      type: 'object',
      required: ['name', 'description', 'events', 'output'],
      properties: {
        name: { type: 'string' },
        description: { type: 'string' },
        tags: { $ref: '#/$defs/tags' },
        events: { type: 'array', items: { $ref: '#/$defs/entry' } },
        output: { $ref: '#/$defs/bytes' },
      },
    },
  },
};

/** Every file in `vectors/`, by name, as it must be written. */
export function buildVectorFiles(): Record<string, string> {
  // Arrays of numbers (splits) on one line each: one number per line reads badly.
  const json = (value: Json): string =>
    `${JSON.stringify(value, null, 2).replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_match, numbers: string) => `[${numbers.split(/,\s*/).join(', ')}]`)}\n`;
  return {
    'schema.json': json(schema),
    'encode.json': json(
      file(
        'Events and the exact bytes the reference encoder writes for them (encodeEvent with the given seq, frames concatenated). Each output must also decode back to its events.',
        encode,
      ),
    ),
    'decode-valid.json': json(
      file('Valid streams and the events a decoder must give, for any chunking.', valid),
    ),
    'decode-resumed.json': json(
      file(
        'Bodies of resumed streams (PROTOCOL.md section 11): they start after the Last-Event-ID the client sent, without start, and a decoder must accept them as they are.',
        resumed,
      ),
    ),
    'decode-truncated.json': json(
      file(
        'Streams that end before finish or error: the events before the cut, then the error.',
        truncated,
      ),
    ),
    'decode-malformed.json': json(
      file(
        'Malformed, invalid and oversized streams: the events before the failure, then the error.',
        malformed,
      ),
    ),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const directory = new URL('../vectors/', import.meta.url);
  for (const [name, content] of Object.entries(buildVectorFiles())) {
    writeFileSync(new URL(name, directory), content);
    console.log(`wrote vectors/${name}`);
  }
}
