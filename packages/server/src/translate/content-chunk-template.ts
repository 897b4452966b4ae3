import { type ContentSpan, contentLiteralEnd } from './scan-content-chunk.js';

const QUOTE = 0x22;
const LF = 0x0a;
/** Longer heads and tails around a content literal are unusual chunks: not kept. */
const MAX_TEMPLATE_BYTES = 1024;
/** Content chunks in a row that the scanner took but the template did not: the stream's vary. */
const MAX_MISSES = 2;

/**
 * The bytes around the content literal of one stream's last plain content chunk, which the
 * scanner (`scanContentChunk`) validated: everything before the literal and everything after it.
 * Within one answer the bytes around the text are the same from chunk to chunk (OpenAI's `id`,
 * `created`, `model`, the choice's index, the nulls). A chunk made of the same head, a content
 * literal `JSON.stringify` would write (`contentLiteralEnd`) and the same tail is the same JSON
 * with another text, so its literal is taken with two compares of bytes instead of a scan of the
 * whole chunk, and without the SSE parser's own scans for the line's end.
 *
 * A stream whose chunks differ elsewhere (OpenAI's `obfuscation` padding, a per-chunk id) misses
 * twice in a row and stops matching: it costs those two compares and the copies, then nothing.
 *
 * @example
 * const template = new ContentChunkTemplate();
 * // Offered a message by the SSE parser (`takeDataLine`), its data from `start`:
 * const lineEnd = template.take(bytes, start, limit, span);
 * // Not taken, the parser finds the line's end and offers it whole (`onDataBytes`):
 * if (lineEnd === -1 && scanContentChunk(bytes, start, end, span)) {
 *   template.remember(bytes, start, end, span);
 * }
 */
export class ContentChunkTemplate {
  /** The head, then the tail. */
  #bytes: Uint8Array | undefined;
  #headLength = 0;
  #tailLength = 0;
  #misses = 0;
  #isOff = false;

  /**
   * Takes the message whose data starts at `bytes[start]` when it is the remembered head, a
   * content literal and the remembered tail, then LF LF, all before `limit`: sets `span` to the
   * literal, quotes included, and returns the index of the first LF; otherwise -1. Every byte up
   * to the blank line is checked here, none of them CR or LF (the head and tail came from a line
   * without them, and the literal holds no control character), so the SSE parser need not look
   * for the line's end itself (`SseByteParserOptions.takeDataLine`).
   */
  take(bytes: Uint8Array, start: number, limit: number, span: ContentSpan): number {
    const template = this.#bytes;
    if (template === undefined) return -1;
    const headLength = this.#headLength;
    const tailLength = this.#tailLength;
    const literalStart = start + headLength;
    // The shortest literal is 3 bytes; the blank line is 2.
    const literalLimit = limit - tailLength - 2;
    // Cheap refusals first: role, finish and usage chunks fail one of these.
    if (
      literalLimit - literalStart < 3 ||
      bytes[literalStart] !== QUOTE ||
      bytes[literalStart - 1] !== template[headLength - 1]
    ) {
      return -1;
    }
    const literalEnd = contentLiteralEnd(bytes, literalStart, literalLimit);
    if (literalEnd === -1) return -1;
    const lineEnd = literalEnd + tailLength;
    if (
      bytes[lineEnd] !== LF ||
      bytes[lineEnd + 1] !== LF ||
      !isSame(bytes, start, template, 0, headLength) ||
      !isSame(bytes, literalEnd, template, headLength, tailLength)
    ) {
      return -1;
    }
    this.#misses = 0;
    span.start = literalStart;
    span.end = literalEnd;
    return lineEnd;
  }

  /** Keeps the head and tail of a chunk the scanner accepted with its literal at `span`. */
  remember(bytes: Uint8Array, start: number, end: number, span: ContentSpan): void {
    if (this.#isOff) return;
    if (this.#bytes !== undefined && ++this.#misses >= MAX_MISSES) {
      this.#isOff = true;
      this.#bytes = undefined;
      return;
    }
    const headLength = span.start - start;
    const tailLength = end - span.end;
    const length = headLength + tailLength;
    if (headLength === 0 || length > MAX_TEMPLATE_BYTES) return;
    let template = this.#bytes;
    if (template === undefined || template.length < length) {
      template = new Uint8Array(length);
      this.#bytes = template;
    }
    template.set(bytes.subarray(start, span.start), 0);
    template.set(bytes.subarray(span.end, end), headLength);
    this.#headLength = headLength;
    this.#tailLength = tailLength;
  }
}

/** Whether `length` bytes of `a` from `aStart` are those of `b` from `bStart`. */
function isSame(
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
): boolean {
  // From the end: the head's last bytes (`"delta":{"content":`) differ first in the chunks that
  // are not plain text.
  for (let index = length - 1; index >= 0; index--) {
    if (a[aStart + index] !== b[bStart + index]) return false;
  }
  return true;
}
