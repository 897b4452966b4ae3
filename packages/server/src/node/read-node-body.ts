import type { Readable } from 'node:stream';
import type { BodyReadResult, UpstreamBody } from '../upstream/upstream-body.js';

/**
 * An {@link UpstreamBody} over a Node stream: plain `data` events, no promise per chunk, and
 * `pause()`/`resume()` on the stream itself, so backpressure reaches the socket.
 *
 * @example
 * const body = readNodeBody(incomingMessage);
 * const { failure } = await body.read((bytes) => parser.feed(bytes));
 */
export function readNodeBody(stream: Readable): UpstreamBody {
  return new NodeBody(stream);
}

// A class rather than an object of closures: one lives as long as each answer.
class NodeBody implements UpstreamBody {
  readonly #stream: Readable;
  #isPaused = false;

  constructor(stream: Readable) {
    this.#stream = stream;
  }

  read(onChunk: (bytes: Uint8Array) => void): Promise<BodyReadResult> {
    const stream = this.#stream;
    return new Promise<BodyReadResult>((resolve) => {
      let isSettled = false;
      const settle = (failure: unknown, isBodyDone: boolean) => {
        if (isSettled) return;
        isSettled = true;
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        stream.off('close', onClose);
        resolve({ failure, isBodyDone });
      };
      const onData = (chunk: Buffer) => {
        try {
          onChunk(chunk);
        } catch (error) {
          settle(error, false);
          return;
        }
        if (this.#isPaused) stream.pause();
      };
      const onEnd = () => settle(undefined, true);
      const onError = (error: unknown) => settle(error, false);
      const onClose = () => settle(new Error('The upstream body closed early.'), false);
      // `on`, not `once`: settle removes all four, and each `once` costs a wrapper and its
      // state object for the body's whole life.
      stream.on('data', onData);
      stream.on('end', onEnd);
      stream.on('error', onError);
      stream.on('close', onClose);
      // Bytes that came in one read with the response's head wait in the stream's buffer, and
      // flowing would hand them over a tick later: after this turn's writes (the answer's header
      // block, its `start`) went out alone, so a reader got the first token a turn later. Read
      // now, they go to `onData` at once and leave with them.
      while (!isSettled && stream.readableFlowing === true && stream.readableLength > 0) {
        stream.read();
      }
    });
  }

  pause(): void {
    this.#isPaused = true;
  }

  resume(): void {
    this.#isPaused = false;
    this.#stream.resume();
  }
}
