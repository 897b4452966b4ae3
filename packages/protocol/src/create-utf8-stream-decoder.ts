/** Decodes UTF-8 that arrives in chunks cut anywhere, even inside a character. */
export interface Utf8StreamDecoder {
  /** Decodes a chunk; an incomplete character at its end is kept for the next chunk. */
  decode(bytes: Uint8Array): string;
  /** The input ended: an incomplete character left over becomes U+FFFD, as WHATWG decoding does. */
  flush(): string;
  /** True while the start of a character cut in half is kept for the next chunk. */
  readonly hasPartialCharacter: boolean;
}

/**
 * A streaming UTF-8 decoder that gives exactly what `TextDecoder` with `{ stream: true }` gives
 * (invalid bytes become U+FFFD, a BOM is kept), only faster: V8's non-streaming `decode` is about
 * four times faster than its streaming mode, so each chunk is decoded whole up to its last complete
 * character and only the at most 3 bytes of a character cut in half are carried over.
 * The split is exact because it is made before a byte that is not a continuation byte, where a
 * WHATWG decoder has no pending state (an unfinished sequence there ends as one U+FFFD either way).
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

export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  const decoder = WHOLE_SEQUENCES;
  let tail: Uint8Array | undefined;

  return {
    decode(bytes) {
      let head = '';
      let offset = 0;
      if (tail !== undefined) {
        const needed = sequenceLength(tail[0] as number) - tail.length;
        while (
          offset < needed &&
          offset < bytes.length &&
          isContinuation(bytes[offset] as number)
        ) {
          offset++;
        }
        const joined = new Uint8Array(tail.length + offset);
        joined.set(tail);
        joined.set(bytes.subarray(0, offset), tail.length);
        if (offset < needed && offset === bytes.length) {
          tail = joined;
          return '';
        }
        tail = undefined;
        head = decoder.decode(joined);
      }
      const end = completeEnd(bytes, offset);
      if (end < bytes.length) tail = bytes.slice(end);
      return head + decodeComplete(decoder, bytes, offset, end);
    },
    flush() {
      if (tail === undefined) return '';
      const text = decoder.decode(tail);
      tail = undefined;
      return text;
    },
    get hasPartialCharacter() {
      return tail !== undefined;
    },
  };
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

function decodeComplete(
  decoder: TextDecoder,
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  if (end - start <= SMALL_CHUNK) {
    // A native call costs more than a few ASCII bytes; this keeps 1-byte chunks cheap.
    let text = '';
    for (let index = start; index < end; index++) {
      const byte = bytes[index] as number;
      if (byte >= 0x80) return decoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decoder.decode(bytes.subarray(start, end));
}

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
