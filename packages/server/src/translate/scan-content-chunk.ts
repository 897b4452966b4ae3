import { asciiBytes } from './ascii-bytes.js';
/** Where {@link scanContentChunk} found the content: its JSON string literal, quotes included. */
export interface ContentSpan {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** Nesting deeper than this is left to `JSON.parse`, so scanning needs no unbounded recursion. */
const MAX_DEPTH = 32;

const CHOICES = asciiBytes('choices');
const USAGE = asciiBytes('usage');
const ERROR = asciiBytes('error');
const DELTA = asciiBytes('delta');
const FINISH_REASON = asciiBytes('finish_reason');
const CONTENT = asciiBytes('content');
const REASONING_CONTENT = asciiBytes('reasoning_content');
const REASONING = asciiBytes('reasoning');
const TOOL_CALLS = asciiBytes('tool_calls');
/** The objects whose members the scanner reads by name: the chunk, its choice, its delta. */
type Level = 0 | 1 | 2;
const TOP: Level = 0;
const CHOICE: Level = 1;
const DELTA_LEVEL: Level = 2;
const LEVEL_FIELDS: readonly (readonly Uint8Array[])[] = [
  [CHOICES, USAGE, ERROR],
  [DELTA, FINISH_REASON],
  // Besides the content, the members that carry something else the translation reads: null or absent.
  [CONTENT, REASONING_CONTENT, REASONING, TOOL_CALLS],
];
/** The nesting depth of the values skipped in each, for MAX_DEPTH. */
const LEVEL_DEPTH: readonly number[] = [1, 3, 4];

/** Thrown inside the scanner for anything it does not take; caught by {@link scanContentChunk}. */
const REJECT = Symbol('reject');

/**
 * Recognises, in the bytes of one OpenAI `chat.completion.chunk`, the chunk that makes up almost
 * all of a stream: one choice whose delta carries non-empty `content` (and no reasoning or tool
 * calls), no `finish_reason`, no `usage`, no `error`. For such a chunk it returns `true` and sets `span` to the content's JSON
 * string literal, which is then copied into the tokenwire frame as it is — no decoding, no
 * `JSON.parse`, no string on the heap per token.
 *
 * It validates the whole chunk as strict JSON (RFC 8259, SSE-safe whitespace), so it never accepts
 * what `JSON.parse` would reject, and it only accepts a literal that is byte for byte what
 * `JSON.stringify` writes for the same text: well-formed UTF-8, only the short escapes (`\"`,
 * `\\`, `\b`, `\f`, `\n`, `\r`, `\t`). Everything else — `\u` escapes, `\/`, several choices, a
 * duplicated or escaped key, a finish, usage, an error, deep nesting — returns `false`, and the
 * caller parses the chunk with `JSON.parse` as before. So both paths give the same event and the
 * same bytes; this one is only faster.
 *
 * @example
 * const bytes = new TextEncoder().encode('{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}');
 * const span = { start: 0, end: 0 };
 * scanContentChunk(bytes, 0, bytes.length, span); // true
 * new TextDecoder().decode(bytes.subarray(span.start, span.end)); // '"Hi"'
 */
export function scanContentChunk(
  bytes: Uint8Array,
  start: number,
  end: number,
  span: ContentSpan,
): boolean {
  // Role, finish, usage, reasoning and tool-call chunks have no non-empty content: said without
  // the scanner, whose rejections throw (a few µs each, three or more per chat).
  if (!hasContentText(bytes, start, end)) return false;
  scanner.bytes = bytes;
  scanner.position = start;
  scanner.end = end;
  scanner.contentStart = -1;
  scanner.contentEnd = -1;
  try {
    scanner.chunk();
  } catch (error) {
    if (error !== REJECT) throw error;
    return false;
  } finally {
    scanner.bytes = EMPTY;
  }
  span.start = scanner.contentStart;
  span.end = scanner.contentEnd;
  return true;
}

const EMPTY = new Uint8Array(0);
const QUOTED_CONTENT = asciiBytes('"content"');

/**
 * Whether `"content"`, then a colon, then a string that is not empty appear somewhere in the
 * bytes (whitespace as the scanner allows it): what every chunk the scanner accepts contains, so
 * `false` here is a rejection it would also give.
 */
function hasContentText(bytes: Uint8Array, start: number, end: number): boolean {
  const last = end - QUOTED_CONTENT.length;
  // A plain loop: `indexOf` from one quote to the next was a builtin call per quote, dozens a chunk.
  for (let at = start; at <= last; at++) {
    if (bytes[at] !== QUOTE || bytes[at + 1] !== QUOTED_CONTENT[1]) continue;
    let index = 2;
    while (index < QUOTED_CONTENT.length && bytes[at + index] === QUOTED_CONTENT[index]) index++;
    if (index < QUOTED_CONTENT.length) continue;
    let next = at + index;
    while (next < end && (bytes[next] === 0x20 || bytes[next] === 0x09)) next++;
    if (bytes[next] !== COLON) continue;
    next++;
    while (next < end && (bytes[next] === 0x20 || bytes[next] === 0x09)) next++;
    if (next + 1 < end && bytes[next] === QUOTE && bytes[next + 1] !== QUOTE) return true;
  }
  return false;
}

/** A recursive-descent JSON scanner over bytes, one per process (scans are synchronous). */
class ChunkScanner {
  bytes: Uint8Array = EMPTY;
  position = 0;
  end = 0;
  contentStart = -1;
  contentEnd = -1;

  chunk(): void {
    this.skipSpace();
    this.expect(OPEN_BRACE);
    this.fields(TOP);
    this.skipSpace();
    if (this.position !== this.end || this.contentStart === -1) throw REJECT;
  }

  /** `[ <one choice> ]` */
  choices(): void {
    this.expect(OPEN_BRACKET);
    this.skipSpace();
    this.expect(OPEN_BRACE);
    this.fields(CHOICE);
    this.skipSpace();
    this.expect(CLOSE_BRACKET);
  }

  /**
   * The members of the chunk, its choice or its delta (`level`), whose `{` was just read, up to
   * and including its `}`. Each named member is read at most once (JSON.parse would keep the last
   * of two; we decline): the first name by its own reader, the others must be null. Any other
   * member's value is validated and skipped. Plain loops and a switch, no closure: this runs for
   * every token, and a closure per member was a third of the process's allocations.
   */
  fields(level: Level): void {
    const names = LEVEL_FIELDS[level] as readonly Uint8Array[];
    const depth = LEVEL_DEPTH[level] as number;
    let seen = 0;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACE) {
      this.position++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const key = this.key();
      const field = this.fieldIndex(key, names);
      if (field === -1) {
        this.value(depth);
      } else {
        if ((seen & (1 << field)) !== 0) throw REJECT;
        seen |= 1 << field;
        if (field !== 0) this.nullValue();
        else if (level === TOP) this.choices();
        else if (level === CHOICE) this.delta();
        else this.content();
      }
      this.skipSpace();
      const next = this.next();
      if (next === CLOSE_BRACE) return;
      if (next !== COMMA) throw REJECT;
    }
  }

  /** `{ …, "content": "<text>", … }` */
  delta(): void {
    this.expect(OPEN_BRACE);
    this.fields(DELTA_LEVEL);
  }

  /** Which of `names` the key at `start` is, or -1. */
  fieldIndex(start: number, names: readonly Uint8Array[]): number {
    for (let field = 0; field < names.length; field++) {
      if (this.keyIs(start, names[field] as Uint8Array)) return field;
    }
    return -1;
  }

  /** A key and its colon; returns where its text starts (its length is in `keyLength`). */
  keyLength = 0;
  key(): number {
    this.expect(QUOTE);
    const start = this.position;
    const close = this.bytes.indexOf(QUOTE, start);
    if (close === -1 || close >= this.end) throw REJECT;
    // An escape in a key could spell one of ours; JSON.parse decides those.
    for (let index = start; index < close; index++) {
      const byte = this.bytes[index] as number;
      if (byte === BACKSLASH || byte < 0x20) throw REJECT;
    }
    this.position = close + 1;
    this.keyLength = close - start;
    this.skipSpace();
    this.expect(COLON);
    this.skipSpace();
    return start;
  }

  keyIs(start: number, expected: Uint8Array): boolean {
    if (this.keyLength !== expected.length) return false;
    for (let index = 0; index < expected.length; index++) {
      if (this.bytes[start + index] !== expected[index]) return false;
    }
    return true;
  }

  /** The content literal: canonical escapes only and well-formed UTF-8, not empty. */
  content(): void {
    const start = this.position;
    const literalEnd = contentLiteralEnd(this.bytes, start, this.end);
    if (literalEnd === -1) throw REJECT;
    this.position = literalEnd;
    this.contentStart = start;
    this.contentEnd = literalEnd;
  }

  nullValue(): void {
    const bytes = this.bytes;
    const at = this.position;
    if (
      bytes[at] !== 0x6e ||
      bytes[at + 1] !== 0x75 ||
      bytes[at + 2] !== 0x6c ||
      bytes[at + 3] !== 0x6c ||
      at + 4 > this.end
    ) {
      throw REJECT;
    }
    this.position = at + 4;
  }

  /** Any JSON value, validated and skipped. */
  value(depth: number): void {
    if (depth > MAX_DEPTH) throw REJECT;
    switch (this.peek()) {
      case QUOTE:
        this.string();
        return;
      case OPEN_BRACE:
        this.position++;
        this.skipSpace();
        if (this.peek() === CLOSE_BRACE) {
          this.position++;
          return;
        }
        for (;;) {
          this.skipSpace();
          this.string();
          this.skipSpace();
          this.expect(COLON);
          this.skipSpace();
          this.value(depth + 1);
          this.skipSpace();
          const next = this.next();
          if (next === CLOSE_BRACE) return;
          if (next !== COMMA) throw REJECT;
        }
      case OPEN_BRACKET:
        this.position++;
        this.skipSpace();
        if (this.peek() === CLOSE_BRACKET) {
          this.position++;
          return;
        }
        for (;;) {
          this.skipSpace();
          this.value(depth + 1);
          this.skipSpace();
          const next = this.next();
          if (next === CLOSE_BRACKET) return;
          if (next !== COMMA) throw REJECT;
        }
      case 0x6e:
        this.nullValue();
        return;
      case 0x74:
        this.word(TRUE);
        return;
      case 0x66:
        this.word(FALSE);
        return;
      default:
        this.number();
    }
  }

  /** A string anywhere else: valid JSON escapes and no raw control characters. */
  string(): void {
    const bytes = this.bytes;
    const end = this.end;
    this.expect(QUOTE);
    let index = this.position;
    for (;;) {
      if (index >= end) throw REJECT;
      const byte = bytes[index] as number;
      if (byte === QUOTE) break;
      if (byte === BACKSLASH) {
        const escaped = bytes[index + 1] as number;
        if (escaped === 0x75) {
          for (let digit = index + 2; digit < index + 6; digit++) {
            if (digit >= end || !isHexDigit(bytes[digit] as number)) throw REJECT;
          }
          index += 6;
        } else if (SHORT_ESCAPES.includes(escaped)) {
          index += 2;
        } else {
          throw REJECT;
        }
      } else if (byte < 0x20) {
        throw REJECT;
      } else {
        // Bytes of other strings are not checked as UTF-8: decoding never fails, it replaces.
        index++;
      }
    }
    this.position = index + 1;
  }

  /** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` */
  number(): void {
    const bytes = this.bytes;
    let index = this.position;
    if (bytes[index] === 0x2d) index++;
    if (bytes[index] === 0x30) {
      index++;
    } else {
      if (!isDigit(bytes[index])) throw REJECT;
      while (isDigit(bytes[index])) index++;
    }
    if (bytes[index] === 0x2e) {
      index++;
      if (!isDigit(bytes[index])) throw REJECT;
      while (isDigit(bytes[index])) index++;
    }
    if (bytes[index] === 0x65 || bytes[index] === 0x45) {
      index++;
      if (bytes[index] === 0x2b || bytes[index] === 0x2d) index++;
      if (!isDigit(bytes[index])) throw REJECT;
      while (isDigit(bytes[index])) index++;
    }
    if (index > this.end) throw REJECT;
    this.position = index;
  }

  word(expected: Uint8Array): void {
    if (this.position + expected.length > this.end) throw REJECT;
    for (let index = 0; index < expected.length; index++) {
      if (this.bytes[this.position + index] !== expected[index]) throw REJECT;
    }
    this.position += expected.length;
  }

  /** Space and tab only: CR would end the SSE line, and LF cannot be inside one. */
  skipSpace(): void {
    const bytes = this.bytes;
    let index = this.position;
    while (index < this.end && (bytes[index] === 0x20 || bytes[index] === 0x09)) index++;
    this.position = index;
  }

  peek(): number | undefined {
    return this.position < this.end ? this.bytes[this.position] : undefined;
  }

  next(): number | undefined {
    return this.position < this.end ? this.bytes[this.position++] : undefined;
  }

  expect(byte: number): void {
    if (this.position >= this.end || this.bytes[this.position] !== byte) throw REJECT;
    this.position++;
  }
}

const scanner = new ChunkScanner();
const TRUE = asciiBytes('true');
const FALSE = asciiBytes('false');
const SHORT_ESCAPES = [QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74];

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function isHexDigit(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x61 && byte <= 0x66) ||
    (byte >= 0x41 && byte <= 0x46)
  );
}

/**
 * Where the content literal starting at `start` (its opening quote) ends, one past its closing
 * quote, or -1 unless it is a literal `JSON.stringify` writes for a text that is not empty:
 * the short escapes only (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`; never `\/` or `\uXXXX`), no raw
 * control character, well-formed UTF-8, all before `end`.
 *
 * @example
 * const bytes = new TextEncoder().encode('"Hi\\n" and more');
 * contentLiteralEnd(bytes, 0, bytes.length); // 6
 */
export function contentLiteralEnd(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end || bytes[start] !== QUOTE) return -1;
  let index = start + 1;
  for (;;) {
    if (index >= end) return -1;
    const byte = bytes[index] as number;
    if (byte === QUOTE) break;
    if (byte === BACKSLASH) {
      const escaped = bytes[index + 1];
      if (
        escaped !== QUOTE &&
        escaped !== BACKSLASH &&
        escaped !== 0x62 &&
        escaped !== 0x66 &&
        escaped !== 0x6e &&
        escaped !== 0x72 &&
        escaped !== 0x74
      ) {
        return -1;
      }
      index += 2;
    } else if (byte < 0x20) {
      return -1;
    } else if (byte < 0x80) {
      index++;
    } else {
      index = utf8SequenceEnd(bytes, index, end);
      if (index === -1) return -1;
    }
  }
  return index === start + 1 ? -1 : index + 1;
}

/**
 * The end of the well-formed UTF-8 sequence starting at `index` with a byte ≥ 0x80 (Unicode
 * Table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 */
function utf8SequenceEnd(bytes: Uint8Array, index: number, end: number): number {
  const lead = bytes[index] as number;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else {
    return -1;
  }
  if (index + length > end) return -1;
  const second = bytes[index + 1] as number;
  if (second < low || second > high) return -1;
  for (let next = index + 2; next < index + length; next++) {
    const byte = bytes[next] as number;
    if (byte < 0x80 || byte > 0xbf) return -1;
  }
  return index + length;
}
