/** How a system under test frames the tokens it forwards. */
export type Framing = 'openai-sse' | 'ndjson' | 'tokenwire';

/** What marks a complete stream, and a failed one, in each framing. */
export interface FramingSpec {
  /** Present exactly when the stream ended normally. */
  finished: string;
  /** Present when the server reported an error inside a 200 stream. */
  failed?: string;
}

/**
 * The end and error markers of each framing: OpenAI's SSE ends with `data: [DONE]`; the SDK's
 * `toReadableStream()` NDJSON has no end line, so the last chunk's `finish_reason` is the proof;
 * tokenwire ends with a `finish` event or reports an `error` event.
 *
 * @example
 * FRAMINGS.tokenwire.finished; // '"type":"finish"'
 */
export const FRAMINGS: Readonly<Record<Framing, FramingSpec>> = {
  'openai-sse': { finished: 'data: [DONE]' },
  ndjson: { finished: '"finish_reason":"stop"' },
  tokenwire: { finished: '"type":"finish"', failed: '"type":"error"' },
};
