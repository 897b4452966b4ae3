import type { SseFrame } from '../sse-frame.js';

/**
 * A reader of a {@link Generation}: an HTTP response, a web stream, an async iterator — later
 * also a reconnect replaying from `Last-Event-ID`. Kept this small so a generation never needs
 * to know what transport reads it.
 */
export interface GenerationSubscriber {
  /** Takes one encoded frame. `false` means "full": the generation stops reading its upstream until `resume()`. */
  write(frame: SseFrame): boolean;
  /** The last frame (`finish` or `error`) was written. */
  end(): void;
}
