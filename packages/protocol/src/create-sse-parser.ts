import { DEFAULT_MAX_EVENT_SIZE } from './constants.js';
import { createUtf8StreamDecoder } from './create-utf8-stream-decoder.js';
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

/**
 * Creates the one SSE reader tokenwire uses in both directions: the API reads OpenAI's upstream
 * stream with it and clients read tokenwire streams with it. It follows the WHATWG
 * event-stream rules: CR, LF and CRLF line ends (a CRLF split across chunks included), one
 * leading BOM ignored, comments, fields without a colon, ids containing NUL ignored, an
 * unfinished message at the end dropped.
 * Linear in the input: each chunk is scanned once and an unfinished line is kept as pieces, so a
 * 5 MB line arriving a byte at a time is joined once, not re-scanned per byte.
 * Throws {@link ProtocolError} `event_too_large` as soon as a message grows past `maxEventSize`.
 *
 * @example
 * const parser = createSseParser({ onMessage: (message) => console.log(message.data) });
 * parser.feed(new TextEncoder().encode('data: hel'));
 * parser.feed('lo\n\n'); // logs "hello"
 * parser.end();
 */
export function createSseParser(options: SseParserOptions): SseParser {
  // The internal byte fast path (`@tokenwire/protocol/internal`) rides on the same options object.
  const { onMessage, onComment, onRetry, onDataBytes } = options as SseByteParserOptions;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const utf8 = createUtf8StreamDecoder();
  let isAtStart = true;
  let isAfterCR = false;
  // The unfinished last line, as the pieces it arrived in: joined once when its line end comes.
  let pending: string[] = [];
  let pendingLength = 0;
  let data = '';
  let dataLines = 0;
  let eventType: string | undefined;
  let lastEventId: string | undefined;
  let eventSize = 0;
  let hasFailed = false;
  let failure: unknown;

  const tooLarge = (): never => {
    throw new ProtocolError(
      'event_too_large',
      `An event exceeded the maximum size of ${maxEventSize} characters.`,
    );
  };

  const dispatch = (): void => {
    eventSize = 0;
    if (dataLines === 0) {
      eventType = undefined;
      return;
    }
    const message: SseMessage = { data, event: eventType || undefined, id: lastEventId };
    data = '';
    dataLines = 0;
    eventType = undefined;
    onMessage(message);
  };

  const appendData = (value: string): void => {
    data = dataLines === 0 ? value : `${data}\n${value}`;
    dataLines++;
  };

  const processField = (field: string, value: string): void => {
    switch (field) {
      case 'data':
        appendData(value);
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        // The spec ignores ids containing NUL, so a stray byte cannot poison Last-Event-ID.
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (onRetry && /^[0-9]+$/.test(value)) onRetry(Number(value));
        break;
      default:
        // Unknown fields are ignored, as the spec requires, so servers can add their own.
        break;
    }
  };

  /** Processes the line `text[start, end)`, its line end already consumed. */
  const processLine = (text: string, start: number, end: number): void => {
    if (start === end) {
      dispatch();
      return;
    }
    eventSize += end - start + 1;
    if (eventSize > maxEventSize) tooLarge();
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
      appendData(text.slice(valueStart, end));
      return;
    }
    if (
      first === 105 &&
      text.charCodeAt(start + 1) === 100 &&
      text.charCodeAt(start + 2) === COLON
    ) {
      const value = text.slice(text.charCodeAt(start + 3) === SPACE ? start + 4 : start + 3, end);
      if (!value.includes('\0')) lastEventId = value;
      return;
    }
    if (first === COLON) {
      if (onComment) {
        onComment(text.slice(text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end));
      }
      return;
    }
    // Sliced first: searching `text` for the colon could run past this line into the next ones.
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    if (colon === -1) {
      processField(line, '');
      return;
    }
    processField(
      line.slice(0, colon),
      line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1),
    );
  };

  /** Where the next line starts after the line end at `end`; sets `isAfterCR` for a final CR. */
  const afterLineEnd = (text: string, end: number): number => {
    if (text.charCodeAt(end) !== CR) return end + 1;
    if (end + 1 === text.length) {
      // The LF of a CRLF may be the first character of the next chunk.
      isAfterCR = true;
      return end + 1;
    }
    return text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
  };

  const feedText = (text: string): void => {
    const length = text.length;
    let start = 0;
    if (isAtStart) {
      isAtStart = false;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (isAfterCR) {
      isAfterCR = false;
      if (text.charCodeAt(start) === LF) start++;
    }
    let nextCR = text.indexOf('\r', start);
    if (pending.length > 0) {
      const nextLF = text.indexOf('\n', start);
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      if (end === -1) {
        pending.push(start === 0 ? text : text.slice(start));
        pendingLength += length - start;
        if (eventSize + pendingLength > maxEventSize) tooLarge();
        return;
      }
      pending.push(text.slice(start, end));
      const line = pending.join('');
      pending = [];
      pendingLength = 0;
      start = afterLineEnd(text, end);
      processLine(line, 0, line.length);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    let nextLF = text.indexOf('\n', start);
    if (nextCR === -1) {
      // The usual case, LF line ends only: one indexOf per line.
      while (nextLF !== -1) {
        processLine(text, start, nextLF);
        start = nextLF + 1;
        nextLF = text.indexOf('\n', start);
      }
    } else {
      while (nextLF !== -1 || nextCR !== -1) {
        const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
        const lineStart = start;
        start = afterLineEnd(text, end);
        processLine(text, lineStart, end);
        if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
        if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      }
    }
    if (start < length) {
      pending.push(start === 0 ? text : text.slice(start));
      pendingLength = length - start;
      if (eventSize + pendingLength > maxEventSize) tooLarge();
    }
  };

  /**
   * Between messages with nothing carried over — no unfinished line, data, field, CR or character,
   * no event id — a message can be taken from the bytes without going through the text parser.
   */
  const isBetweenMessages = (): boolean =>
    pending.length === 0 &&
    dataLines === 0 &&
    eventSize === 0 &&
    eventType === undefined &&
    lastEventId === undefined &&
    !isAfterCR &&
    !utf8.hasPartialCharacter;

  /**
   * The `onDataBytes` fast path: whole `data:` messages are taken straight from the bytes, and
   * whatever else the chunk holds goes through the text parser from the first byte it cannot take.
   */
  const feedBytes = (bytes: Uint8Array, offerData: NonNullable<typeof onDataBytes>): void => {
    const length = bytes.length;
    let start = 0;
    if (!isBetweenMessages()) {
      // Let the text parser finish what it carries, up to the end of the next message.
      const boundary = indexOfBlankLine(bytes, 0);
      if (boundary === -1) {
        feedDecoded(bytes);
        return;
      }
      start = boundary + 2;
      feedDecoded(bytes.subarray(0, start));
      if (!isBetweenMessages()) {
        if (start < length) feedDecoded(bytes.subarray(start));
        return;
      }
    } else if (isAtStart) {
      // A leading BOM is the text parser's to strip.
      if (bytes[0] === 0xef) {
        feedDecoded(bytes);
        return;
      }
      if (length > 0) isAtStart = false;
    }
    const nextCR = bytes.indexOf(CR, start);
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
      const lineEnd = bytes.indexOf(LF, start + 5);
      // Not whole here, more lines than one, a CR line end, or possibly too large: not ours.
      if (lineEnd === -1 || bytes[lineEnd + 1] !== LF) break;
      if (nextCR !== -1 && nextCR < lineEnd) break;
      if (lineEnd - start + 1 > maxEventSize) break;
      const valueStart = bytes[start + 5] === SPACE ? start + 6 : start + 5;
      start = lineEnd + 2;
      if (!offerData(bytes, valueStart, lineEnd)) {
        const text = WHOLE_MESSAGE.decode(bytes.subarray(valueStart, lineEnd));
        onMessage({ data: text, event: undefined, id: undefined });
      }
    }
    if (start < length) feedDecoded(start === 0 ? bytes : bytes.subarray(start));
  };

  const feedDecoded = (bytes: Uint8Array): void => {
    const text = utf8.decode(bytes);
    if (text.length > 0) feedText(text);
  };

  const feedChunk = (chunk: Uint8Array | string): void => {
    if (typeof chunk !== 'string' && onDataBytes !== undefined) {
      feedBytes(chunk, onDataBytes);
      return;
    }
    // A string after bytes ends any character the bytes left unfinished.
    const text = typeof chunk === 'string' ? utf8.flush() + chunk : utf8.decode(chunk);
    if (text.length > 0) feedText(text);
  };

  // The work and its argument apart, not a closure: `feed` runs for every chunk of every stream.
  const guarded = <Argument>(run: (argument: Argument) => void, argument: Argument): void => {
    if (hasFailed) throw failure;
    try {
      run(argument);
    } catch (error) {
      // Half a chunk was parsed: going on would silently lose the rest, so the stream is over.
      hasFailed = true;
      failure = error;
      throw error;
    }
  };

  return {
    feed(chunk) {
      guarded(feedChunk, chunk);
    },
    end() {
      guarded((_: undefined) => {
        const rest = utf8.flush();
        if (rest.length > 0) feedText(rest);
        // A final line without its line break and a message without its blank line are both
        // incomplete: SSE discards them rather than guessing.
        pending = [];
        pendingLength = 0;
        data = '';
        dataLines = 0;
        eventType = undefined;
        eventSize = 0;
        isAfterCR = false;
      }, undefined);
    },
  };
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
