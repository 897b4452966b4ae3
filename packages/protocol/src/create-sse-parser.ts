import { DEFAULT_MAX_EVENT_SIZE } from './constants.js';
import { ProtocolError } from './protocol-error.js';

/** One Server-Sent Events message, as the WHATWG event-stream interpretation defines it. */
export interface SseMessage {
  /** The `data` lines joined by `\n`. */
  data: string;
  /** The `event` field, or undefined for a plain message. */
  event: string | undefined;
  /** The last event id seen so far in the stream (SSE ids persist across messages). */
  id: string | undefined;
}

/** Options for {@link createSseParser}. */
export interface SseParserOptions {
  onMessage: (message: SseMessage) => void;
  /** Comment lines (`: ping`), without the colon and one leading space. */
  onComment?: (comment: string) => void;
  /** The largest message, in characters of its lines; larger ends the stream. Default 1 MiB. */
  maxEventSize?: number;
}

/** An incremental SSE parser. Feed it chunks cut anywhere; it calls back per complete message. */
export interface SseParser {
  /** Parses a chunk: bytes (UTF-8, split anywhere) or already-decoded text. */
  feed(chunk: Uint8Array | string): void;
  /** The input ended. A message without its closing blank line is dropped, as SSE requires. */
  end(): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Creates the one SSE reader tokenwire uses in both directions: the API reads OpenAI's upstream
 * stream with it and clients read tokenwire streams with it.
 * Linear in the input: each chunk is scanned once and an unfinished line is kept as pieces, so a
 * 5 MB line arriving a byte at a time is joined once, not re-scanned per byte.
 * Throws {@link ProtocolError} `event_too_large` when a message grows past `maxEventSize`.
 *
 * @example
 * const parser = createSseParser({ onMessage: (message) => console.log(message.data) });
 * parser.feed(new TextEncoder().encode('data: hel'));
 * parser.feed('lo\n\n'); // logs "hello"
 * parser.end();
 */
export function createSseParser(options: SseParserOptions): SseParser {
  const { onMessage, onComment } = options;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  // fatal: false — invalid UTF-8 becomes U+FFFD rather than killing the stream; a BOM at the
  // very start is dropped, as the SSE spec asks.
  const decoder = new TextDecoder('utf-8');

  let lineParts: string[] = [];
  let lineLength = 0;
  let afterCR = false;
  let data = '';
  let dataLines = 0;
  let eventType: string | undefined;
  let lastEventId: string | undefined;
  let eventSize = 0;
  let failed: ProtocolError | undefined;

  const fail = (error: ProtocolError): never => {
    failed = error;
    throw error;
  };

  const checkSize = (pending: number): void => {
    if (eventSize + pending > maxEventSize) {
      fail(
        new ProtocolError(
          'event_too_large',
          `An event exceeded the maximum size of ${maxEventSize} characters.`,
        ),
      );
    }
  };

  const dispatch = (): void => {
    if (dataLines > 0) {
      const message: SseMessage = { data, event: eventType, id: lastEventId };
      data = '';
      dataLines = 0;
      eventType = undefined;
      eventSize = 0;
      onMessage(message);
      return;
    }
    eventType = undefined;
    eventSize = 0;
  };

  const processLine = (line: string): void => {
    if (line.length === 0) {
      dispatch();
      return;
    }
    eventSize += line.length + 1;
    checkSize(0);
    const first = line.charCodeAt(0);
    if (first === COLON) {
      if (onComment) onComment(line.charCodeAt(1) === SPACE ? line.slice(2) : line.slice(1));
      return;
    }
    // Fast path: tokenwire and OpenAI frames are almost all `data: …` lines.
    if (first === 100 && line.startsWith('data:')) {
      appendData(line.charCodeAt(5) === SPACE ? line.slice(6) : line.slice(5));
      return;
    }
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === SPACE ? line.slice(colon + 2) : line.slice(colon + 1);
    }
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
      default:
        // `retry` and unknown fields carry nothing a tokenwire reader acts on.
        break;
    }
  };

  const appendData = (value: string): void => {
    data = dataLines === 0 ? value : `${data}\n${value}`;
    dataLines++;
  };

  const takeLine = (text: string, start: number, end: number): string => {
    if (lineParts.length === 0) return text.slice(start, end);
    lineParts.push(text.slice(start, end));
    const line = lineParts.join('');
    lineParts = [];
    lineLength = 0;
    return line;
  };

  const feedText = (text: string): void => {
    const length = text.length;
    let start = 0;
    if (afterCR) {
      afterCR = false;
      if (length > 0 && text.charCodeAt(0) === LF) start = 1;
    }
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (nextLF !== -1 || nextCR !== -1) {
      let end: number;
      let next: number;
      if (nextCR === -1 || (nextLF !== -1 && nextLF < nextCR)) {
        end = nextLF;
        next = end + 1;
      } else {
        end = nextCR;
        next = end + 1;
        if (next === length) afterCR = true;
        else if (text.charCodeAt(next) === LF) next++;
      }
      processLine(takeLine(text, start, end));
      start = next;
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    if (start < length) {
      const rest = start === 0 ? text : text.slice(start);
      lineLength += rest.length;
      checkSize(lineLength);
      lineParts.push(rest);
    }
  };

  return {
    feed(chunk) {
      if (failed) throw failed;
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text.length > 0) feedText(text);
    },
    end() {
      if (failed) throw failed;
      const rest = decoder.decode();
      if (rest.length > 0) feedText(rest);
      // A final line without its line break and a message without its blank line are both
      // incomplete: SSE discards them rather than guessing.
      lineParts = [];
      lineLength = 0;
      data = '';
      dataLines = 0;
      eventType = undefined;
      eventSize = 0;
    },
  };
}
