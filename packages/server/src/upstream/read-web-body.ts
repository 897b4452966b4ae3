import type { BodyReadResult, UpstreamBody } from './upstream-body.js';

/**
 * An {@link UpstreamBody} over a web `ReadableStream`: a reader loop that waits while paused.
 * Works with any `fetch` on any runtime.
 *
 * @example
 * const body = readWebBody(response.body!);
 * const { failure } = await body.read((bytes) => parser.feed(bytes));
 */
export function readWebBody(stream: ReadableStream<Uint8Array>): UpstreamBody {
  let isPaused = false;
  let wake: (() => void) | undefined;
  return {
    async read(onChunk): Promise<BodyReadResult> {
      const reader = stream.getReader();
      try {
        for (;;) {
          const result = await reader.read();
          if (result.done) return { failure: undefined, isBodyDone: true };
          onChunk(result.value);
          if (isPaused) {
            await new Promise<void>((resolve) => {
              if (isPaused) wake = resolve;
              else resolve();
            });
          }
        }
      } catch (error) {
        return { failure: error, isBodyDone: false };
      } finally {
        reader.releaseLock();
      }
    },
    pause() {
      isPaused = true;
    },
    resume() {
      isPaused = false;
      const resolve = wake;
      wake = undefined;
      resolve?.();
    },
  };
}
