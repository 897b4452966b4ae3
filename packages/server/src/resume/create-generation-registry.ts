import { createReplayBuffer } from '../generation/create-replay-buffer.js';
import type { Generation, GenerationState } from '../generation/generation.js';
import {
  CompletionStream,
  createGeneration,
  type StreamCompletionOptions,
} from '../stream-completion.js';
import { StreamError } from '../stream-error.js';
import { createExpiryQueue } from './create-expiry-queue.js';
import { EndedAnswer } from './ended-answer.js';
import type { SharedGenerationStore } from './shared-generation-store.js';

/** Options for {@link createGenerationRegistry}. */
export interface GenerationRegistryOptions {
  /**
   * How long a generation runs on after its last reader went away, waiting for a resume; then its
   * model call is aborted. Default 30 000 ms; 0 aborts at once (no resume after a drop).
   */
  graceMs?: number | undefined;
  /** How long an ended generation can still be replayed. Default 300 000 ms. */
  ttlMs?: number | undefined;
  /**
   * The most bytes of frames kept per generation for replay; the oldest go first, and a resume
   * that needs them gets 410 `resume_gap`. Default 256 KiB: a long answer (about 4,000 text tokens) whole, and a bounded cost per open stream.
   */
  bufferBytes?: number | undefined;
  /**
   * The most bytes all the ended generations here may keep together, each counted as its frames'
   * bytes plus 2 KiB for the rest of what it holds: past it, the ones that ended first are
   * forgotten before `ttlMs` (a resume of one then gets 404, or Redis answers it). Default 64 MiB;
   * 0 keeps none. Without a bound, a steady 200 answers a second of 100 tokens (8 KB each, once
   * ended) would keep 470 MB by the default TTL.
   */
  endedBytes?: number | undefined;
  /** Makes generations resumable and stoppable on every replica (Redis); default: this process only. */
  shared?: SharedGenerationStore | undefined;
}

/** Options of {@link GenerationRegistry.streamCompletion}: the usual ones, plus who owns it. */
export interface RegisteredStreamOptions extends StreamCompletionOptions {
  /**
   * An app's own user or session key. Resume and stop then require the same key; any other gets
   * 404 as if the id did not exist. Without it, the unguessable id is the capability.
   */
  owner?: string | undefined;
}

/** Options of {@link GenerationRegistry.resume}. */
export interface ResumeOptions {
  /** The seq of the last event the client has (`Last-Event-ID`); without it, from seq 0. */
  lastEventId?: number | undefined;
  owner?: string | undefined;
  heartbeatMs?: number | undefined;
}

/** The answer to a stop: the generation's state once stopped (or already ended). */
export interface StopResult {
  id: string;
  state: GenerationState | 'running';
}

/** Generations by id, resumable after a dropped connection and stoppable by id. */
export interface GenerationRegistry {
  /** {@link streamCompletion}, kept here so it can be resumed and stopped by its id. */
  streamCompletion(options: RegisteredStreamOptions): CompletionStream;
  /**
   * A stream of `id`'s events after `lastEventId`, following it live to its end; or the error to
   * answer with: 404 `generation_not_found` (unknown, expired, another owner's), 410
   * `resume_gap` (the events after `lastEventId` are no longer all kept).
   */
  resume(id: string, options?: ResumeOptions): Promise<CompletionStream | StreamError>;
  /** Stops `id` wherever it runs: its readers get `finish(abort)`. Idempotent; 404 as `resume`. */
  stop(id: string, options?: { owner?: string | undefined }): Promise<StopResult | StreamError>;
  /** Generations held here (running, or ended within the TTL). */
  readonly size: number;
  /**
   * Aborts the generations still running here (`server_shutdown`: a generation waiting out
   * `graceMs` for a resume would otherwise keep its model call and timer), forgets everything
   * held here and closes the shared store.
   */
  close(): Promise<void>;
}

/**
 * What an ended answer holds besides its frames (its {@link EndedAnswer}, its figures, its
 * registry entry), as {@link GenerationRegistryOptions.endedBytes} counts it: a bound on the
 * heap it takes, not a measure: 2,000 ended answers measured about 0.6 KB each on the heap
 * besides their frames' array.
 */
export const ENDED_ENTRY_BYTES = 2048;

interface Entry {
  id: string;
  /** The generation while it runs; once it has ended, only what a replay needs of it. */
  source: Generation | EndedAnswer;
  owner: string | undefined;
  connected: Promise<StreamError | undefined>;
  /** What it counts in the ended total once it ended. */
  endedBytes: number;
}

// What an ended answer's resume waits for: it connected long ago.
const CONNECTED: Promise<StreamError | undefined> = Promise.resolve(undefined);

function framesFrom(source: Generation | EndedAnswer, seq: number) {
  return source instanceof EndedAnswer
    ? source.framesFrom(seq)
    : source.replayBuffer.framesFrom(seq);
}

const notFound = () =>
  new StreamError(404, 'generation_not_found', 'No such generation (it may have expired).');
const gap = () =>
  new StreamError(
    410,
    'resume_gap',
    'The events after Last-Event-ID are no longer kept; start a new request.',
  );

// A client may reach another replica before the owner's first writes reach the shared store.
const DESCRIBE_ATTEMPTS = 10;
const DESCRIBE_INTERVAL_MS = 50;

async function describeSoon(shared: SharedGenerationStore, id: string) {
  for (let attempt = 1; ; attempt++) {
    const info = await shared.describe(id);
    if (info !== undefined || attempt >= DESCRIBE_ATTEMPTS) return info;
    await new Promise((resolve) => setTimeout(resolve, DESCRIBE_INTERVAL_MS));
  }
}

/**
 * Keeps generations by their id so a client whose connection dropped can read on from its
 * `Last-Event-ID`, exactly once, and any client holding the id can stop it. A dropped reader is
 * not a Stop: the generation runs on for `graceMs` waiting for one. With a `shared` store
 * (Redis), a resume or a stop may land on any replica.
 *
 * @example
 * const registry = createGenerationRegistry({ graceMs: 30_000 });
 * app.post('/chat', async (c) => registry.streamCompletion({ client, params: await c.req.json() }).toResponse());
 * app.get('/chat/:id', async (c) => {
 *   const lastEventId = c.req.header('Last-Event-ID');
 *   const stream = await registry.resume(c.req.param('id'), {
 *     lastEventId: lastEventId === undefined ? undefined : Number(lastEventId),
 *   });
 *   return stream instanceof StreamError ? c.json(stream.toJSON(), stream.status as 404) : stream.toResponse();
 * });
 */
export function createGenerationRegistry(
  options: GenerationRegistryOptions = {},
): GenerationRegistry {
  const graceMs = options.graceMs ?? 30_000;
  const ttlMs = options.ttlMs ?? 300_000;
  const bufferBytes = options.bufferBytes ?? 262_144;
  const maxEndedBytes = options.endedBytes ?? 67_108_864;
  if (!(maxEndedBytes >= 0)) {
    throw new RangeError(`endedBytes must be 0 or more, got ${maxEndedBytes}.`);
  }
  const { shared } = options;
  const entries = new Map<string, Entry>();
  let endedBytes = 0;

  shared?.onStopRequest((id) => entries.get(id)?.source.abort('stopped'));

  const forget = (entry: Entry) => {
    endedBytes -= entry.endedBytes;
    if (entries.get(entry.id) === entry) entries.delete(entry.id);
  };
  const expiries = createExpiryQueue<Entry>(ttlMs, forget);
  const keepEnded = (entry: Entry, generation: Generation) => {
    const ended = new EndedAnswer(generation);
    entry.source = ended;
    entry.connected = CONNECTED;
    entry.endedBytes = ended.size + ENDED_ENTRY_BYTES;
    endedBytes += entry.endedBytes;
    expiries.add(entry);
    // The queue is in the order they ended: the first ended go first.
    while (endedBytes > maxEndedBytes) {
      const oldest = expiries.shift();
      if (oldest === undefined) break;
      forget(oldest);
    }
  };

  return {
    streamCompletion(streamOptions) {
      const { owner } = streamOptions;
      let appender: ReturnType<SharedGenerationStore['publish']> | undefined;
      let entry: Entry | undefined;
      const generation = createGeneration(streamOptions, {
        graceMs,
        replayBuffer: createReplayBuffer({ capacityBytes: bufferBytes }),
        // Only a shared store needs every frame; without one, no closure per answer.
        tap: shared === undefined ? undefined : (seq, frame) => appender?.append(seq, frame),
        onEnd: (ended) => {
          appender?.end(ended.state === 'failed' ? 'failed' : 'finished');
          if (entry !== undefined) keepEnded(entry, ended);
        },
        hasRemoteReaders:
          shared === undefined ? undefined : () => shared.hasRemoteReaders(generation.id),
      });
      appender = shared?.publish(generation.id, owner);
      const connected = generation.connect().then((failure) => {
        // Failed before its first byte: nothing to resume, and no answer to replay.
        if (failure !== undefined) {
          appender?.end('failed');
          entries.delete(generation.id);
        } else if (generation.abortReason !== undefined) {
          // Stopped, or its reader gone, before the first byte: end it now (start, finish(abort))
          // so it is kept for the TTL and then forgotten, whether or not a reader ever runs it.
          void generation.run();
        }
        return failure;
      });
      entry = { id: generation.id, source: generation, owner, connected, endedBytes: 0 };
      entries.set(generation.id, entry);
      return new CompletionStream({
        source: generation,
        id: generation.id,
        connected,
        heartbeatMs: streamOptions.heartbeatMs,
      });
    },

    async resume(id, resumeOptions = {}) {
      const fromSeq = resumeOptions.lastEventId === undefined ? 0 : resumeOptions.lastEventId + 1;
      if (!Number.isSafeInteger(fromSeq) || fromSeq < 0) return gap();
      const entry = entries.get(id);
      if (entry !== undefined) {
        if (entry.owner !== resumeOptions.owner) return notFound();
        const { source } = entry;
        const isKept =
          fromSeq === source.nextSeq ||
          (fromSeq < source.nextSeq && framesFrom(source, fromSeq) !== undefined);
        if (!isKept) return gap();
        return new CompletionStream({
          source,
          id,
          connected: entry.connected,
          heartbeatMs: resumeOptions.heartbeatMs,
          fromSeq,
        });
      }
      if (shared === undefined) return notFound();
      const info = await describeSoon(shared, id);
      if (info === undefined || info.owner !== resumeOptions.owner) return notFound();
      const source = await shared.follow(id, fromSeq);
      if (source instanceof StreamError) return source;
      return new CompletionStream({
        source,
        id,
        connected: Promise.resolve(undefined),
        heartbeatMs: resumeOptions.heartbeatMs,
        fromSeq,
      });
    },

    async stop(id, stopOptions = {}) {
      const entry = entries.get(id);
      if (entry !== undefined) {
        if (entry.owner !== stopOptions.owner) return notFound();
        entry.source.abort('stopped');
        return { id, state: entry.source.state };
      }
      if (shared === undefined) return notFound();
      const info = await describeSoon(shared, id);
      if (info === undefined || info.owner !== stopOptions.owner) return notFound();
      if (info.state === 'running') await shared.requestStop(id);
      return { id, state: info.state };
    },

    get size() {
      return entries.size;
    },

    async close() {
      for (const entry of entries.values()) entry.source.abort('server_shutdown');
      entries.clear();
      // After the aborts, whose ends queue their entries.
      expiries.clear();
      endedBytes = 0;
      await shared?.close();
    },
  };
}
