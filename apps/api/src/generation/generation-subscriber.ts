import type { Frame } from './frame.js';

/**
 * A reader of a {@link Generation}: today the HTTP response of the request that started it,
 * later also a reconnect replaying from `Last-Event-ID`. Kept this small so a generation never
 * needs to know what transport reads it.
 */
export interface GenerationSubscriber {
  /** Takes one encoded frame. `false` means "full": the generation stops reading its upstream until `resume()`. */
  write(frame: Frame): boolean;
  /** The frames of one upstream read were written; send them on together. */
  flush(): void;
  /** The last frame (`finish` or `error`) was written. */
  end(): void;
}
