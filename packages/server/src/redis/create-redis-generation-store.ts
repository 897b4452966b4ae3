import { encodeEvent } from '@tokenwire/protocol';
import type { Redis } from 'ioredis';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type {
  SharedAppender,
  SharedGenerationInfo,
  SharedGenerationStore,
} from '../resume/shared-generation-store.js';
import type { SseFrame } from '../sse-frame.js';
import { StreamError } from '../stream-error.js';

/** Options for {@link createRedisGenerationStore}. */
export interface RedisGenerationStoreOptions {
  /** A connected ioredis client; the store duplicates it for its blocking reads and its stop channel. */
  redis: Redis;
  /** Prefix of every key and channel. Default `tokenwire`. */
  keyPrefix?: string | undefined;
  /** Most events kept per generation (the Redis Stream's `MAXLEN`). Default 20 000. */
  maxEvents?: number | undefined;
  /** How long a generation's keys live after its last event. Default 300 000 ms. */
  ttlMs?: number | undefined;
  /**
   * The owner renews a lease every third of this; a reader that finds it expired on an unfinished
   * generation ends its stream with a retryable error. Default 3 000 ms, so a reader learns of a
   * dead owner within `leaseMs` + a third of it.
   */
  leaseMs?: number | undefined;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

/**
 * A {@link SharedGenerationStore} on Redis: each generation's frames go to a Redis Stream (batched
 * per event-loop turn, capped at `maxEvents`, expiring `ttlMs` after the end), readers on any
 * replica replay it with `XRANGE` and follow it with blocking `XREAD`s, stops travel on a pub/sub
 * channel to the replica that owns the model call, and a lease renewed by that replica lets
 * readers end the stream with a retryable `error` event when it dies.
 *
 * @example
 * // import { Redis } from 'ioredis';
 * const shared = createRedisGenerationStore({ redis: new Redis(process.env.REDIS_URL ?? '') });
 * const registry = createGenerationRegistry({ shared });
 */
export function createRedisGenerationStore(
  options: RedisGenerationStoreOptions,
): SharedGenerationStore {
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'tokenwire';
  const maxEvents = options.maxEvents ?? 20_000;
  const ttlMs = options.ttlMs ?? 300_000;
  const leaseMs = options.leaseMs ?? 3_000;
  const replica = `replica_${Math.random().toString(36).slice(2)}`;
  const streamKey = (id: string) => `${prefix}:events:${id}`;
  const metaKey = (id: string) => `${prefix}:meta:${id}`;
  const leaseKey = (id: string) => `${prefix}:lease:${id}`;
  const readerKey = (id: string) => `${prefix}:reader:${id}`;
  const stopChannel = `${prefix}:stop`;
  const stopListeners: Array<(id: string) => void> = [];
  const followers = new Set<RemoteGeneration>();
  let subscriber: Redis | undefined;

  const ensureStopSubscription = () => {
    if (subscriber !== undefined) return;
    subscriber = redis.duplicate();
    // Errors reach the commands that fail; a dropped connection reconnects by itself.
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, id: string) => {
      for (const listener of stopListeners) listener(id);
    });
    void subscriber.subscribe(stopChannel).catch(() => {});
  };

  return {
    publish(id, owner): SharedAppender {
      const key = streamKey(id);
      let pending: Array<[number, SseFrame]> = [];
      let endState: 'finished' | 'failed' | undefined;
      let isScheduled = false;
      void redis
        .multi()
        .hset(metaKey(id), 'owner', owner ?? '', 'state', 'running')
        .pexpire(metaKey(id), ttlMs)
        .set(leaseKey(id), replica, 'PX', leaseMs)
        .exec()
        .catch(() => {});
      const renew = setInterval(() => {
        void redis.set(leaseKey(id), replica, 'PX', leaseMs).catch(() => {});
      }, leaseMs / 3);
      (renew as { unref?: () => void }).unref?.();

      // One round trip per event-loop turn, whatever the number of frames the turn produced.
      const flush = () => {
        isScheduled = false;
        const batch = pending;
        pending = [];
        const pipeline = redis.pipeline();
        for (const [seq, frame] of batch) {
          pipeline.xadd(key, 'MAXLEN', '~', maxEvents, `0-${seq + 1}`, 'f', toBuffer(frame));
        }
        pipeline.pexpire(key, ttlMs).pexpire(metaKey(id), ttlMs);
        if (endState !== undefined) {
          pipeline.hset(metaKey(id), 'state', endState).del(leaseKey(id));
        }
        void pipeline.exec().catch(() => {});
      };
      const schedule = () => {
        if (isScheduled) return;
        isScheduled = true;
        setImmediate(flush);
      };
      return {
        append(seq, frame) {
          pending.push([seq, frame]);
          schedule();
        },
        end(state) {
          if (endState !== undefined) return;
          endState = state;
          clearInterval(renew);
          schedule();
        },
      };
    },

    async describe(id): Promise<SharedGenerationInfo | undefined> {
      const meta = await redis.hgetall(metaKey(id));
      if (meta.state === undefined) return undefined;
      return {
        owner: meta.owner === '' || meta.owner === undefined ? undefined : meta.owner,
        state: meta.state === 'finished' || meta.state === 'failed' ? meta.state : 'running',
      };
    },

    async follow(id, fromSeq): Promise<FrameSource | StreamError> {
      // One transaction, so the three reads see one moment. Sent apart, the owner's last frames
      // and its end state could land between them: an end seen without the frames before it
      // answered a resume from one of those frames with 410 (a registry test's 72 cuts met it).
      const replies = await redis
        .multi()
        .xrange(streamKey(id), '-', '+', 'COUNT', 1)
        .xrevrange(streamKey(id), '+', '-', 'COUNT', 1)
        .hget(metaKey(id), 'state')
        .exec();
      if (replies === null) throw new Error('The Redis transaction was aborted.');
      for (const [error] of replies) if (error !== null) throw error;
      const first = replies[0]?.[1] as Array<[string, string[]]>;
      const last = replies[1]?.[1] as Array<[string, string[]]>;
      const state = replies[2]?.[1] as string | null;
      const firstSeq = first.length === 0 ? undefined : seqOf(first[0]?.[0] ?? '');
      const lastSeq = last.length === 0 ? -1 : seqOf(last[0]?.[0] ?? '');
      // Trimmed past what the client has; or, once it ended, asked for events it never had.
      const isTrimmed = firstSeq !== undefined && firstSeq > fromSeq;
      const isBeyondEnd = state !== 'running' && fromSeq > lastSeq + 1;
      if (isTrimmed || isBeyondEnd) {
        return new StreamError(
          410,
          'resume_gap',
          'The events after Last-Event-ID are no longer kept; start a new request.',
        );
      }
      const follower = new RemoteGeneration({
        redis,
        key: streamKey(id),
        readerKey: readerKey(id),
        leaseKey: leaseKey(id),
        metaKey: metaKey(id),
        leaseMs,
        onStop: () => this.requestStop(id),
        onClose: (closed) => followers.delete(closed),
      });
      followers.add(follower);
      return follower;
    },

    async requestStop(id) {
      await redis.publish(stopChannel, id);
    },

    onStopRequest(listener) {
      stopListeners.push(listener);
      ensureStopSubscription();
    },

    async hasRemoteReaders(id) {
      return (await redis.exists(readerKey(id))) === 1;
    },

    async close() {
      for (const follower of followers) follower.close();
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}

interface RemoteGenerationParts {
  redis: Redis;
  key: string;
  readerKey: string;
  leaseKey: string;
  metaKey: string;
  leaseMs: number;
  onStop: () => Promise<void>;
  onClose: (follower: RemoteGeneration) => void;
}

/** A generation owned by another replica, read from its Redis Stream for one reader. */
class RemoteGeneration implements FrameSource {
  readonly #parts: RemoteGenerationParts;
  #subscriber: GenerationSubscriber | undefined;
  #fromSeq = 0;
  #connection: Redis | undefined;
  #isClosed = false;
  #isPaused = false;
  #wake: (() => void) | undefined;
  /** The seq of the last frame written to the reader. */
  #lastSeq = -1;

  constructor(parts: RemoteGenerationParts) {
    this.#parts = parts;
  }

  subscribe(subscriber: GenerationSubscriber, fromSeq = 0): boolean {
    if (this.#subscriber !== undefined) return false;
    this.#subscriber = subscriber;
    this.#fromSeq = fromSeq;
    return true;
  }

  unsubscribe(subscriber: GenerationSubscriber): void {
    if (this.#subscriber === subscriber) this.close();
  }

  resume(): void {
    this.#isPaused = false;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  abort(reason: 'stopped' | 'client_closed' | 'server_shutdown'): void {
    if (reason === 'stopped') {
      void this.#parts.onStop().catch(() => {});
      return;
    }
    const subscriber = this.#subscriber;
    if (reason === 'server_shutdown' && subscriber !== undefined && !this.#isClosed) {
      // This replica is going away, not the answer: the reader can resume on another one.
      this.#endWith(subscriber, 'server_shutdown', 'The server is restarting; please retry.');
    }
    this.close();
  }

  #endWith(
    subscriber: GenerationSubscriber,
    code: 'server_shutdown' | 'upstream_unavailable',
    message: string,
  ): void {
    subscriber.write(
      encodeEvent({ type: 'error', code, message, retryable: true }, this.#lastSeq + 1),
    );
    subscriber.end();
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#connection?.disconnect();
    this.resume();
    this.#parts.onClose(this);
  }

  async run(): Promise<void> {
    const subscriber = this.#subscriber;
    if (subscriber === undefined || this.#connection !== undefined) return;
    const { redis, key, readerKey, leaseKey, metaKey, leaseMs } = this.#parts;
    // A blocked XREAD holds its connection: one of its own per follower.
    const connection = redis.duplicate();
    connection.on('error', () => {});
    this.#connection = connection;
    const blockMs = Math.max(10, Math.floor(leaseMs / 3));
    this.#lastSeq = this.#fromSeq - 1;
    try {
      while (!this.#isClosed) {
        void redis.set(readerKey, '1', 'PX', leaseMs * 2).catch(() => {});
        const reply = (await connection.xreadBuffer(
          'COUNT',
          512,
          'BLOCK',
          blockMs,
          'STREAMS',
          key,
          `0-${this.#lastSeq + 1}`,
        )) as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
        if (this.#isClosed) return;
        if (reply === null) {
          // Nothing new: is anyone still producing it?
          const [lease, state] = await Promise.all([
            redis.exists(leaseKey),
            redis.hget(metaKey, 'state'),
          ]);
          if (state !== 'running') {
            // Ended, and its terminal event was before what this reader asked for.
            subscriber.end();
            return;
          }
          if (lease === 0) {
            this.#endWith(
              subscriber,
              'upstream_unavailable',
              'The server producing this answer went away; please retry.',
            );
            return;
          }
          continue;
        }
        for (const [, entries] of reply) {
          for (const [entryId, fields] of entries) {
            this.#lastSeq = seqOf(entryId.toString('latin1'));
            const frame = fields[1] as Buffer;
            const isFull = !subscriber.write(
              new Uint8Array(frame.buffer, frame.byteOffset, frame.length),
            );
            if (isTerminal(frame)) {
              subscriber.end();
              return;
            }
            if (isFull) {
              this.#isPaused = true;
              await new Promise<void>((resolve) => {
                if (this.#isPaused) this.#wake = resolve;
                else resolve();
              });
              if (this.#isClosed) return;
            }
          }
        }
      }
    } catch {
      // The connection was closed under a blocked read (the reader went away), or Redis failed.
      if (!this.#isClosed) subscriber.end();
    } finally {
      this.close();
    }
  }
}

function seqOf(entryId: string): number {
  // Entry ids are `0-<seq + 1>`: Redis Stream ids must be above 0-0.
  return Number(entryId.slice(entryId.indexOf('-') + 1)) - 1;
}

function toBuffer(frame: SseFrame): Buffer {
  return typeof frame === 'string'
    ? Buffer.from(encoder.encode(frame))
    : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** Whether a frame is `finish` or `error`: its `data` line's JSON names the type first. */
function isTerminal(frame: Buffer): boolean {
  const text = utf8.decode(frame);
  const data = text.slice(text.indexOf('\ndata: ') + 7, text.lastIndexOf('\n\n'));
  try {
    const type = (JSON.parse(data) as { type?: unknown }).type;
    return type === 'finish' || type === 'error';
  } catch {
    return false;
  }
}
