import { DEFAULT_MAX_EVENT_SIZE } from './constants.js';
import { createUtf8StreamDecoder, type Utf8StreamDecoder } from './create-utf8-stream-decoder.js';
import { ProtocolError } from './protocol-error.js';
import type { SseByteParserOptions } from './sse-byte-parser-options.js';

// Decodes whole messages only (no `stream: true`): stateless, so one serves every parser.
const WHOLE_MESSAGE = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * One Server-Sent Events message, as the WHATWG event-stream interpretation defines it.
 *
 * @example
 * function readOpenAiChunk(message: SseMessage): unknown {
 *   return message.data === '[DONE]' ? undefined : JSON.parse(message.data);
 * }
 */
export interface SseMessage {
  /** The `data` lines joined by `\n`. */
  data: string;
  /** The `event` field, or undefined for a plain message (no `event` field, or an empty one). */
  event: string | undefined;
  /** The last event id seen so far in the stream (SSE ids persist across messages). */
  id: string | undefined;
}

/**
 * Options for {@link createSseParser}.
 *
 * @example
 * const options: SseParserOptions = {
 *   onMessage: (message) => console.log(message.id, message.data),
 *   onComment: (comment) => console.debug('comment', comment),
 *   maxEventSize: 64 * 1024,
 * };
 */
export interface SseParserOptions {
  onMessage: (message: SseMessage) => void;
  /** Comment lines (`: ping`), without the colon and one leading space. */
  onComment?: (comment: string) => void;
  /** A valid `retry` field (ASCII digits only): the reconnection time the server asks for. */
  onRetry?: (milliseconds: number) => void;
  /**
   * The largest message, in characters of its lines, each counted with one line end (the blank
   * line that ends it not included); larger ends the stream. Default 1 MiB.
   */
  maxEventSize?: number;
}

/**
 * An incremental SSE parser. Feed it chunks cut anywhere; it calls back per complete message.
 *
 * @example
 * const parser: SseParser = createSseParser({ onMessage: () => {} });
 * parser.feed('data: [DONE]\n\n');
 * parser.end();
 */
export interface SseParser {
  /**
   * Parses a chunk: bytes (UTF-8, split anywhere) or already-decoded text. After it has thrown
   * once (an oversized message, or an error from a callback), it throws the same error again.
   */
  feed(chunk: Uint8Array | string): void;
  /** The input ended. A message without its closing blank line is dropped, as SSE requires. */
  end(): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const BOM = 0xfeff;
/** `#feedBytes`' CR position before it has looked for one. */
const NOT_SEARCHED = -2;

/**
 * Creates the one SSE reader tokenwire uses in both directions: the API reads OpenAI's upstream
 * stream with it and clients read tokenwire streams with it. It follows the WHATWG
 * event-stream rules: CR, LF and CRLF line ends (a CRLF split across chunks included), one
 * leading BOM ignored, comments, fields without a colon, ids containing NUL ignored, an
 * unfinished message at the end dropped.
 * Linear in the input: each chunk is scanned once and an unfinished line is kept as pieces, so a
 * 5 MB line arriving a byte at a time is joined once, not re-scanned per byte.
 * Throws {@link ProtocolError} `event_too_large` as soon as a message grows past `maxEventSize`.
 * The callbacks are called as methods of `options` (`this` is `options`), so an object that
 * handles the events of many streams can be passed as it is, with no closure per stream.
 *
 * @example
 * const parser = createSseParser({ onMessage: (message) => console.log(message.data) });
 * parser.feed(new TextEncoder().encode('data: hel'));
 * parser.feed('lo\n\n'); // logs "hello"
 * parser.end();
 */
export function createSseParser(options: SseParserOptions): SseParser {
  return new EventStreamParser(options as SseByteParserOptions);
}

// A class rather than an object of closures: the API keeps one parser per open upstream stream,
// thousands at once, and a class shares its methods where closures cost a function and a slot in
// a context each, per parser.
class EventStreamParser implements SseParser {
  // Callbacks are called as its methods, so one object can be the handler of many streams' events
  // without a closure per stream. The internal byte fast path (`@tokenwire/protocol/internal`)
  // rides on the same options object.
  readonly #options: SseByteParserOptions;
  readonly #hasDataBytes: boolean;
  readonly #maxEventSize: number;
  // Made at the first bytes the text parser decodes: with the byte fast path, a stream whose
  // messages all arrive whole never needs one.
  #utf8: Utf8StreamDecoder | undefined;
  #isAtStart = true;
  #isAfterCR = false;
  // The unfinished last line, as the pieces it arrived in: joined once when its line end comes.
  // Made at the first unfinished line: most chunks end on a line end.
  #pending: string[] | undefined;
  #pendingLength = 0;
  #data = '';
  #dataLines = 0;
  #eventType: string | undefined;
  #lastEventId: string | undefined;
  #eventSize = 0;
  #hasFailed = false;
  #failure: unknown;

  constructor(options: SseByteParserOptions) {
    this.#options = options;
    this.#hasDataBytes = options.onDataBytes !== undefined || options.takeDataLine !== undefined;
    this.#maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  }

  feed(chunk: Uint8Array | string): void {
    if (this.#hasFailed) throw this.#failure;
    try {
      this.#feedChunk(chunk);
    } catch (error) {
      // Half a chunk was parsed: going on would silently lose the rest, so the stream is over.
      this.#fail(error);
    }
  }

  end(): void {
    if (this.#hasFailed) throw this.#failure;
    try {
      const rest = this.#utf8?.flush() ?? '';
      if (rest.length > 0) this.#feedText(rest);
    } catch (error) {
      this.#fail(error);
    }
    // A final line without its line break and a message without its blank line are both
    // incomplete: SSE discards them rather than guessing.
    this.#pending = undefined;
    this.#pendingLength = 0;
    this.#data = '';
    this.#dataLines = 0;
    this.#eventType = undefined;
    this.#eventSize = 0;
    this.#isAfterCR = false;
  }

  #fail(error: unknown): never {
    this.#hasFailed = true;
    this.#failure = error;
    throw error;
  }

  #tooLarge(): never {
    throw new ProtocolError(
      'event_too_large',
      `An event exceeded the maximum size of ${this.#maxEventSize} characters.`,
    );
  }

  #dispatch(): void {
    this.#eventSize = 0;
    if (this.#dataLines === 0) {
      this.#eventType = undefined;
      return;
    }
    const message: SseMessage = {
      data: this.#data,
      event: this.#eventType || undefined,
      id: this.#lastEventId,
    };
    this.#data = '';
    this.#dataLines = 0;
    this.#eventType = undefined;
    this.#options.onMessage(message);
  }

  #appendData(value: string): void {
    this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
    this.#dataLines++;
  }

  #processField(field: string, value: string): void {
    switch (field) {
      case 'data':
        this.#appendData(value);
        break;
      case 'event':
        this.#eventType = value;
        break;
      case 'id':
        // The spec ignores ids containing NUL, so a stray byte cannot poison Last-Event-ID.
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        if (this.#options.onRetry !== undefined && /^[0-9]+$/.test(value)) {
          this.#options.onRetry(Number(value));
        }
        break;
      default:
        // Unknown fields are ignored, as the spec requires, so servers can add their own.
        break;
    }
  }

  /** Processes the line `text[start, end)`, its line end already consumed. */
  #processLine(text: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    this.#eventSize += end - start + 1;
    if (this.#eventSize > this.#maxEventSize) this.#tooLarge();
    const first = text.charCodeAt(start);
    // Fast paths: tokenwire and OpenAI frames are almost all `data:` and `id:` lines.
    if (
      first === 100 &&
      text.charCodeAt(start + 1) === 97 &&
      text.charCodeAt(start + 2) === 116 &&
      text.charCodeAt(start + 3) === 97 &&
      text.charCodeAt(start + 4) === COLON
    ) {
      const valueStart = text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5;
      this.#appendData(text.slice(valueStart, end));
      return;
    }
    if (
      first === 105 &&
      text.charCodeAt(start + 1) === 100 &&
      text.charCodeAt(start + 2) === COLON
    ) {
      const value = text.slice(text.charCodeAt(start + 3) === SPACE ? start + 4 : start + 3, end);
      if (!value.includes('\0')) this.#lastEventId = value;
      return;
    }
    if (first === COLON) {
      if (this.#options.onComment !== undefined) {
        this.#options.onComment(
          text.slice(text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end),
        );
      }
      return;
    }
    // Sliced first: searching `text` for the colon could run past this line into the next ones.
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    if (colon === -1) {
      this.#processField(line, '');
      return;
    }
    this.#processField(
      line.slice(0, colon),
      line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1),
    );
  }

  /** Where the next line starts after the line end at `end`; sets `isAfterCR` for a final CR. */
  #afterLineEnd(text: string, end: number): number {
    if (text.charCodeAt(end) !== CR) return end + 1;
    if (end + 1 === text.length) {
      // The LF of a CRLF may be the first character of the next chunk.
      this.#isAfterCR = true;
      return end + 1;
    }
    return text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
  }

  /** Keeps `text[start, length)` as the unfinished line's next piece. */
  #keepPending(text: string, start: number): void {
    const piece = start === 0 ? text : text.slice(start);
    if (this.#pending === undefined) this.#pending = [piece];
    else this.#pending.push(piece);
    this.#pendingLength += text.length - start;
    if (this.#eventSize + this.#pendingLength > this.#maxEventSize) this.#tooLarge();
  }

  #feedText(text: string): void {
    const length = text.length;
    let start = 0;
    if (this.#isAtStart) {
      this.#isAtStart = false;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (this.#isAfterCR) {
      this.#isAfterCR = false;
      if (text.charCodeAt(start) === LF) start++;
    }
    let nextCR = text.indexOf('\r', start);
    const pending = this.#pending;
    if (pending !== undefined) {
      const nextLF = text.indexOf('\n', start);
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      if (end === -1) {
        this.#keepPending(text, start);
        return;
      }
      pending.push(text.slice(start, end));
      const line = pending.join('');
      this.#pending = undefined;
      this.#pendingLength = 0;
      start = this.#afterLineEnd(text, end);
      this.#processLine(line, 0, line.length);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    let nextLF = text.indexOf('\n', start);
    if (nextCR === -1) {
      // The usual case, LF line ends only: one indexOf per line.
      while (nextLF !== -1) {
        this.#processLine(text, start, nextLF);
        start = nextLF + 1;
        nextLF = text.indexOf('\n', start);
      }
    } else {
      while (nextLF !== -1 || nextCR !== -1) {
        const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
        const lineStart = start;
        start = this.#afterLineEnd(text, end);
        this.#processLine(text, lineStart, end);
        if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
        if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      }
    }
    if (start < length) this.#keepPending(text, start);
  }

  /**
   * Between messages with nothing carried over — no unfinished line, data, field, CR or character,
   * no event id — a message can be taken from the bytes without going through the text parser.
   */
  #isBetweenMessages(): boolean {
    return (
      this.#pending === undefined &&
      this.#dataLines === 0 &&
      this.#eventSize === 0 &&
      this.#eventType === undefined &&
      this.#lastEventId === undefined &&
      !this.#isAfterCR &&
      this.#utf8?.hasPartialCharacter !== true
    );
  }

  /**
   * The byte fast paths (`takeDataLine`, `onDataBytes`): whole `data:` messages are taken straight
   * from the bytes, and whatever else the chunk holds goes through the text parser from the first
   * byte they cannot take.
   */
  #feedBytes(bytes: Uint8Array): void {
    const options = this.#options;
    const length = bytes.length;
    let start = 0;
    if (!this.#isBetweenMessages()) {
      // Let the text parser finish what it carries, up to the end of the next message.
      const boundary = indexOfBlankLine(bytes, 0);
      if (boundary === -1) {
        this.#feedDecoded(bytes);
        return;
      }
      start = boundary + 2;
      this.#feedDecoded(bytes.subarray(0, start));
      if (!this.#isBetweenMessages()) {
        if (start < length) this.#feedDecoded(bytes.subarray(start));
        return;
      }
    } else if (this.#isAtStart) {
      // A leading BOM is the text parser's to strip.
      if (bytes[0] === 0xef) {
        this.#feedDecoded(bytes);
        return;
      }
      if (length > 0) this.#isAtStart = false;
    }
    const maxEventSize = this.#maxEventSize;
    // Looked for once a message is not taken whole: a taken message holds no CR.
    let nextCR = NOT_SEARCHED;
    while (start < length) {
      if (bytes[start] === LF) {
        // A blank line with no message before it dispatches nothing.
        start++;
        continue;
      }
      if (
        bytes[start] !== 100 ||
        bytes[start + 1] !== 97 ||
        bytes[start + 2] !== 116 ||
        bytes[start + 3] !== 97 ||
        bytes[start + 4] !== COLON
      ) {
        break;
      }
      const valueStart = bytes[start + 5] === SPACE ? start + 6 : start + 5;
      if (options.takeDataLine !== undefined) {
        // The line, its LF and the blank line's within maxEventSize, as the checks below require.
        const limit = Math.min(length, start + maxEventSize + 1);
        const taken = options.takeDataLine(bytes, valueStart, limit);
        if (taken !== -1) {
          if (
            taken < valueStart ||
            taken + 2 > limit ||
            bytes[taken] !== LF ||
            bytes[taken + 1] !== LF
          ) {
            throw new RangeError(`takeDataLine returned ${taken}, not the end of a message.`);
          }
          start = taken + 2;
          continue;
        }
      }
      if (nextCR === NOT_SEARCHED) nextCR = bytes.indexOf(CR, start);
      const lineEnd = bytes.indexOf(LF, start + 5);
      // Not whole here, more lines than one, a CR line end, or possibly too large: not ours.
      if (lineEnd === -1 || bytes[lineEnd + 1] !== LF) break;
      if (nextCR !== -1 && nextCR < lineEnd) break;
      if (lineEnd - start + 1 > maxEventSize) break;
      start = lineEnd + 2;
      if (!options.onDataBytes?.(bytes, valueStart, lineEnd)) {
        const text = WHOLE_MESSAGE.decode(bytes.subarray(valueStart, lineEnd));
        options.onMessage({ data: text, event: undefined, id: undefined });
      }
    }
    if (start < length) this.#feedDecoded(start === 0 ? bytes : bytes.subarray(start));
  }

  #decoder(): Utf8StreamDecoder {
    if (this.#utf8 === undefined) this.#utf8 = createUtf8StreamDecoder();
    return this.#utf8;
  }

  #feedDecoded(bytes: Uint8Array): void {
    const text = this.#decoder().decode(bytes);
    if (text.length > 0) this.#feedText(text);
  }

  #feedChunk(chunk: Uint8Array | string): void {
    if (typeof chunk !== 'string' && this.#hasDataBytes) {
      this.#feedBytes(chunk);
      return;
    }
    // A string after bytes ends any character the bytes left unfinished.
    const text =
      typeof chunk === 'string'
        ? (this.#utf8?.flush() ?? '') + chunk
        : this.#decoder().decode(chunk);
    if (text.length > 0) this.#feedText(text);
  }
}

/** Where the first `\n\n` in `bytes` from `from` on starts, or -1. */
function indexOfBlankLine(bytes: Uint8Array, from: number): number {
  let index = bytes.indexOf(LF, from);
  while (index !== -1 && index + 1 < bytes.length) {
    if (bytes[index + 1] === LF) return index;
    index = bytes.indexOf(LF, index + 1);
  }
  return -1;
}
