import type { FrameSource } from '../generation/frame-source.js';
import type { SseFrame } from '../sse-frame.js';
import type { StreamError } from '../stream-error.js';

/** What a shared store knows of a generation, wherever it runs. */
export interface SharedGenerationInfo {
  /** The owner key it was started with, if any. */
  owner: string | undefined;
  /** `running`, or how it ended: `finished`, `failed`. */
  state: 'running' | 'finished' | 'failed';
}

/** The frames of one generation running here, on their way to the shared store. */
export interface SharedAppender {
  append(seq: number, frame: SseFrame): void;
  /** The generation ended (after its terminal frame was appended). */
  end(state: 'finished' | 'failed'): void;
}

/**
 * A store that makes a replica's generations readable and stoppable from every replica: the
 * registry appends each generation's frames to it, follows other replicas' generations from it,
 * and sends stops through it. `createRedisGenerationStore` (`@tokenwire/server/redis`) is one.
 */
export interface SharedGenerationStore {
  /** Registers a generation that runs here; its frames go through the returned appender. */
  publish(id: string, owner: string | undefined): SharedAppender;
  /** What the store knows of `id`; `undefined` when it does not know it (never, or expired). */
  describe(id: string): Promise<SharedGenerationInfo | undefined>;
  /** A source that replays `id` from `fromSeq` and follows it live; a 404 or 410 error otherwise. */
  follow(id: string, fromSeq: number): Promise<FrameSource | StreamError>;
  /** Asks the replica that runs `id` to stop it. */
  requestStop(id: string): Promise<void>;
  /** Calls `listener` with every id another replica asks to stop. */
  onStopRequest(listener: (id: string) => void): void;
  /** Whether a reader on another replica follows `id` now. */
  hasRemoteReaders(id: string): Promise<boolean>;
  close(): Promise<void>;
}
