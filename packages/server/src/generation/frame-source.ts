import type { GenerationSubscriber } from './generation-subscriber.js';

/**
 * What a sink reads frames from: a {@link Generation} running here, or a generation followed from
 * another replica through a shared store. The sinks (`toResponse`, `pipeToNodeResponse`, `events`)
 * know nothing else.
 */
export interface FrameSource {
  /** Attaches a reader from `fromSeq` on; `false` when that seq is no longer kept. */
  subscribe(subscriber: GenerationSubscriber, fromSeq?: number): boolean;
  unsubscribe(subscriber: GenerationSubscriber): void;
  /** The reader has room again. */
  resume(subscriber?: GenerationSubscriber): void;
  /** Starts producing, if it has not started yet. Never rejects. */
  run(): Promise<void>;
  /** Ends it before its end, for everyone. */
  abort(reason: 'stopped' | 'client_closed' | 'server_shutdown'): void;
}
