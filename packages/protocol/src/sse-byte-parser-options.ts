import type { SseParserOptions } from './create-sse-parser.js';

/**
 * {@link SseParserOptions} plus the byte fast paths. Internal to tokenwire (exported from
 * `@tokenwire/protocol/internal`, outside semver): `@tokenwire/server` uses it to copy OpenAI's
 * content strings into its own frames without decoding them.
 *
 * @example
 * const options: SseByteParserOptions = {
 *   onMessage: () => {},
 *   onDataBytes: (bytes, start, end) => end - start < 2,
 * };
 */
export interface SseByteParserOptions extends SseParserOptions {
  /**
   * A message that is one `data:` line and its blank line (LF line ends), arriving whole in one
   * chunk of bytes while the stream has set no event id, is first offered here as its undecoded
   * UTF-8 data, `bytes[start, end)`, where `bytes` is the very chunk passed to `feed` (so a reader
   * that feeds Node `Buffer`s gets `Buffer`s back). Return `true` if you handled it; `false` passes
   * it on to `onMessage`, decoded, exactly as without this option. Any other message, and any
   * message that arrives split across chunks, goes to `onMessage` as usual, in order.
   */
  onDataBytes?: (bytes: Uint8Array, start: number, end: number) => boolean;
  /**
   * Offered each such message before `onDataBytes`, and before the parser has looked for the
   * line's end: the data starts at `bytes[start]`. Take a message only when you know it whole:
   * its data, with no CR or LF in it, then LF LF, all before `limit` (which keeps it within
   * `maxEventSize`). Handle it and return the index of its first LF, or return -1 to leave it to
   * `onDataBytes` and `onMessage`. It spares the parser's two scans of the message for the line's
   * end and for a CR, when the taker checks every byte of the message anyway.
   */
  takeDataLine?: (bytes: Uint8Array, start: number, limit: number) => number;
}
