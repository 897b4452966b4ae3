/** Decodes UTF-8 that arrives in chunks cut anywhere, even inside a character. */
export interface Utf8StreamDecoder {
  /** Decodes a chunk; an incomplete character at its end is kept for the next chunk. */
  decode(bytes: Uint8Array): string;
  /** The input ended: an incomplete character left over becomes U+FFFD, as WHATWG decoding does. */
  flush(): string;
  /** True while the start of a character cut in half is kept for the next chunk. */
  readonly hasPartialCharacter: boolean;
}

/** Options for {@link createUtf8StreamDecoder}. */
export interface Utf8StreamDecoderOptions {
  /**
   * Chunks of at least this many bytes go through the converter of `TextDecoder`'s streaming
   * mode while most of the stream's recent chunks held a character past ASCII; the others are
   * decoded whole. Default 1,024. `Infinity` decodes every chunk whole.
   */
  converterFrom?: number;
}

/**
 * A streaming UTF-8 decoder that gives exactly what `TextDecoder` with `{ stream: true }` gives
 * (invalid bytes become U+FFFD, a BOM is kept), from stateless calls: each chunk is decoded up to
 * its last complete character, and only the at most 3 bytes of a character cut in half are
 * carried over, here rather than in a decoder per stream.
 * The split is exact because it is made before a byte that is not a continuation byte, where a
 * WHATWG decoder has no pending state (an unfinished sequence there ends as one U+FFFD either way).
 *
 * Node decodes UTF-8 in two ways: whole input through V8, several times faster on ASCII, and in
 * streaming mode through a converter that is faster on large chunks holding other characters (any
 * CJK text; English with a few curly quotes or dashes), by up to twice. So a chunk of
 * `converterFrom` bytes or more goes through the converter while most of the stream's recent
 * chunks held such characters: the text so far is the best guess of the next.
 *
 * @example
 * const utf8 = createUtf8StreamDecoder();
 * utf8.decode(Uint8Array.of(0xf0, 0x9f)) + utf8.decode(Uint8Array.of(0x98, 0x80)); // '😀'
 */
// ignoreBOM: a U+FEFF at the start of a chunk is text; the SSE parser strips the stream's one
// leading BOM itself (so it does for string input too). One decoder for every stream: it only
// ever decodes whole sequences (tails are kept here, not in it), so it holds no state between
// calls, and a TextDecoder per stream was native memory and setup time for each of thousands.
const WHOLE_SEQUENCES = new TextDecoder('utf-8', { ignoreBOM: true });
// Node's `TextDecoder` leaves its whole-input path for good at its first call in streaming mode,
// and from then on decodes through the converter its streaming mode uses, flushing it at each
// call without `stream`. Calls without `stream` keep it as stateless as the one above: a chunk
// that ends on a lead byte whose sequence the next byte would have broken ends it as U+FFFD,
// exactly as decoding through that byte does (in streaming mode the shared converter would keep
// that byte for the next call, another stream's). In a browser, or a runtime without Node's two
// paths, it is one more whole-input decoder.
let converting: TextDecoder | undefined;
function convertingDecoder(): TextDecoder {
  if (converting === undefined) {
    converting = new TextDecoder('utf-8', { ignoreBOM: true });
    converting.decode(new Uint8Array(0), { stream: true });
  }
  return converting;
}
const DEFAULT_CONVERTER_FROM = 1024;
// An eighth: the share follows the text over its last dozen or so chunks, and a chunk that holds
// one curly quote among ASCII ones does not switch decoders.
const SHARE_WEIGHT = 0.125;

export function createUtf8StreamDecoder(options: Utf8StreamDecoderOptions = {}): Utf8StreamDecoder {
  return new ChunkedUtf8Decoder(options.converterFrom ?? DEFAULT_CONVERTER_FROM);
}

// A class rather than an object of closures: a parser reading text keeps one per stream.
class ChunkedUtf8Decoder implements Utf8StreamDecoder {
  readonly #converterFrom: number;
  #tail: Uint8Array | undefined;
  // Of the chunks decoded natively, a moving share of those that held a character past ASCII.
  #beyondAsciiShare = 0;

  constructor(converterFrom: number) {
    this.#converterFrom = converterFrom;
  }

  get hasPartialCharacter(): boolean {
    return this.#tail !== undefined;
  }

  decode(bytes: Uint8Array): string {
    let head = '';
    let offset = 0;
    const tail = this.#tail;
    if (tail !== undefined) {
      const needed = sequenceLength(tail[0] as number) - tail.length;
      while (offset < needed && offset < bytes.length && isContinuation(bytes[offset] as number)) {
        offset++;
      }
      const joined = new Uint8Array(tail.length + offset);
      joined.set(tail);
      joined.set(bytes.subarray(0, offset), tail.length);
      if (offset < needed && offset === bytes.length) {
        this.#tail = joined;
        return '';
      }
      this.#tail = undefined;
      head = WHOLE_SEQUENCES.decode(joined);
    }
    const end = completeEnd(bytes, offset);
    if (end < bytes.length) this.#tail = bytes.slice(end);
    return head + this.#decodeComplete(bytes, offset, end);
  }

  flush(): string {
    if (this.#tail === undefined) return '';
    const text = WHOLE_SEQUENCES.decode(this.#tail);
    this.#tail = undefined;
    return text;
  }

  #decodeComplete(bytes: Uint8Array, start: number, end: number): string {
    if (end - start <= SMALL_CHUNK) {
      // A native call costs more than a few ASCII bytes; this keeps 1-byte chunks cheap.
      let text = '';
      for (let index = start; index < end; index++) {
        const byte = bytes[index] as number;
        if (byte >= 0x80) return this.#decodeNative(bytes, start, end);
        text += String.fromCharCode(byte);
      }
      return text;
    }
    return this.#decodeNative(bytes, start, end);
  }

  #decodeNative(bytes: Uint8Array, start: number, end: number): string {
    const size = end - start;
    const range = bytes.subarray(start, end);
    const text =
      this.#beyondAsciiShare >= 0.5 && size >= this.#converterFrom
        ? convertingDecoder().decode(range)
        : WHOLE_SEQUENCES.decode(range);
    // Each character past ASCII takes more bytes than UTF-16 units; an invalid byte takes one.
    const isBeyondAscii = text.length !== size ? 1 : 0;
    this.#beyondAsciiShare += (isBeyondAscii - this.#beyondAsciiShare) * SHARE_WEIGHT;
    return text;
  }
}

/** Where the incomplete character at the end of `bytes` starts, or `bytes.length` if none. */
function completeEnd(bytes: Uint8Array, from: number): number {
  const length = bytes.length;
  const stop = Math.max(from, length - 4);
  let index = length - 1;
  while (index >= stop && isContinuation(bytes[index] as number)) index--;
  if (index < stop) return length;
  return length - index >= sequenceLength(bytes[index] as number) ? length : index;
}

const SMALL_CHUNK = 16;

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** How many bytes a sequence starting with `byte` has; 1 for ASCII and for bytes that cannot lead. */
function sequenceLength(byte: number): number {
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 1;
}
