/** How reading an upstream body ended. */
export interface BodyReadResult {
  /** Why it stopped early; `undefined` when it ended normally. */
  failure: unknown;
  /** The body was read to its end (its connection can be reused). */
  isBodyDone: boolean;
}

/**
 * An upstream response body as the generation reads it: chunks pushed to `onChunk` until the end,
 * pausable for backpressure. One adapter reads a web `ReadableStream` (any `fetch`); the Node
 * adapter of `@tokenwire/server/node` reads the socket's stream with plain `data` events.
 */
export interface UpstreamBody {
  /**
   * Delivers every chunk to `onChunk` until the body ends or fails; an error thrown by
   * `onChunk` stops the read and is the result's `failure`. Called once.
   */
  read(onChunk: (bytes: Uint8Array) => void): Promise<BodyReadResult>;
  /** Stop delivering until {@link UpstreamBody.resume}: the reader is full. */
  pause(): void;
  resume(): void;
}

/**
 * Opens the body of a response the SDK returned. The default reads `response.body`; a `fetch`
 * of its own (see `@tokenwire/server/node`) can bring a faster one for its own responses.
 *
 * @example
 * const openBody: OpenUpstreamBody = (response) => readWebBody(response.body!);
 */
export type OpenUpstreamBody = (response: Response) => UpstreamBody;
