import type { SseFrame } from '../sse-frame.js';
import { encodeHttpChunk, encodeHttpChunks } from './encode-http-chunk.js';
import type { NodeResponseLike } from './pipe-to-node-response.js';

/** What a {@link createFrameWriter} writes SSE frames and heartbeats through, in order. */
export interface FrameWriter {
  /** Writes one SSE frame; `false` when the host is full, and `onDrain` runs once it has room. */
  write(sseFrame: SseFrame): boolean;
  /**
   * Sends the frames written in this turn and ends the response: in one system call with Node's
   * last chunk when they go straight to the socket. Then stops as {@link FrameWriter.stop}.
   */
  end(): void;
  /** Stops waiting for room (the response ended or closed; its socket may serve another request). */
  stop(): void;
}

/**
 * When the frames a turn wrote straight to the socket leave: `'turn'` once the event loop has run
 * the turn's I/O callbacks (its check phase, `setImmediate`), every stream's together; `'callback'`
 * at the end of the I/O callback that wrote them (a microtask). See {@link createFrameWriter}.
 */
export type WriteBatching = 'turn' | 'callback';

/** Options for {@link createFrameWriter}. */
export interface FrameWriterOptions {
  /** Write a frame straight to the socket when the guard allows (see {@link createFrameWriter}). */
  directWrites: boolean;
  /**
   * When direct writes leave (default `'turn'`); a host without `setImmediate` (an edge runtime)
   * has no check phase, and `'turn'` is `'callback'` there.
   */
  writeBatching?: WriteBatching | undefined;
  /** Runs once after a `write` returned `false`, when the bytes queued have gone. */
  onDrain: () => void;
}

/** The socket under Node's response, as far as a direct write needs it. */
interface SocketLike {
  write(chunk: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
  cork(): void;
  uncork(): void;
  readonly writable: boolean;
  readonly writableLength: number;
  readonly writableCorked: number;
}

/**
 * Fields of Node's `ServerResponse` (lib/_http_outgoing.js) the guard reads. Other hosts lack
 * them, so they are not part of {@link NodeResponseLike}; a missing one means "write through".
 */
interface NodeResponseFields {
  readonly socket?: SocketLike | null | undefined;
  readonly chunkedEncoding?: boolean | undefined;
  readonly _headerSent?: boolean | undefined;
  readonly _hasBody?: boolean | undefined;
  readonly writableLength?: number | undefined;
}

type Drainable = Pick<SocketLike, 'once' | 'off'>;

/** Node's default `writableHighWaterMark` for sockets: a turn's frames go out by this much. */
const BATCH_BYTES = 16 * 1024;

// The microtask is a settled promise's reaction, not `queueMicrotask`: Node's wraps every callback
// in an AsyncResource and a bound function, three objects and about 60 ns more per upstream read.
// A queue's flush throws nothing, so the promise it returns is never rejected.
const SETTLED = Promise.resolve();

// Typed here, not from @types/node: the core type-checks with Web APIs only.
const hostSetImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
  .setImmediate;

/**
 * How long the first frames queued for a check phase may wait for it: a turn whose I/O callbacks
 * run longer (a burst of chats starting) sends what it has queued at the end of the callback that
 * finds them this old.
 */
const MAX_TURN_WAIT_MS = 2;

/**
 * The writers that have frames waiting, flushed by one callback for all of them: a flush closure
 * per writer would live as long as its stream.
 */
class FlushQueue {
  // Two arrays taking turns: the one being flushed, and the one writes during the flush queue
  // into (for a flush of their own).
  #writers: NodeFrameWriter[] = [];
  #spareWriters: NodeFrameWriter[] = [];
  #isScheduled = false;
  #isFlushingSoon = false;
  // When the first writer of the waiting ones was queued (performance.now()).
  #firstQueuedAt = 0;
  readonly #schedule: (flush: () => void) => void;
  readonly #maxWaitMs: number;
  readonly #onScheduled = () => {
    this.#isScheduled = false;
    this.flush();
  };
  readonly #onFlushSoon = () => {
    this.#isFlushingSoon = false;
    this.flush();
  };

  constructor(schedule: (flush: () => void) => void, maxWaitMs: number) {
    this.#schedule = schedule;
    this.#maxWaitMs = maxWaitMs;
  }

  add(writer: NodeFrameWriter): void {
    const writers = this.#writers;
    if (writers.push(writer) === 1) {
      if (this.#maxWaitMs !== Number.POSITIVE_INFINITY) this.#firstQueuedAt = performance.now();
    } else if (
      !this.#isFlushingSoon &&
      this.#maxWaitMs !== Number.POSITIVE_INFINITY &&
      performance.now() - this.#firstQueuedAt >= this.#maxWaitMs
    ) {
      // At the end of this callback, with whatever else it writes.
      this.#isFlushingSoon = true;
      void SETTLED.then(this.#onFlushSoon);
    }
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    this.#schedule(this.#onScheduled);
  }

  /** Sends every queued writer's frames now; the scheduled flush then finds fewer or none. */
  flush(): void {
    const writers = this.#writers;
    if (writers.length === 0) return;
    this.#writers = this.#spareWriters;
    for (const writer of writers) {
      try {
        writer.flushTurn();
      } catch (error) {
        // Thrown on its own, as from a microtask of its own, so the other writers still send theirs.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    writers.length = 0;
    this.#spareWriters = writers;
  }
}

const atCallbackEnd = new FlushQueue((flush) => {
  void SETTLED.then(flush);
}, Number.POSITIVE_INFINITY);
const atTurnEnd =
  hostSetImmediate === undefined
    ? atCallbackEnd
    : new FlushQueue((flush) => {
        hostSetImmediate(flush);
      }, MAX_TURN_WAIT_MS);

/**
 * Sends now the frames that streams piped with `writeBatching: 'turn'` (the default) wrote
 * straight to their sockets in this turn, instead of in its check phase. For code that runs long
 * work from `setImmediate`: an immediate queued before the streams' flush runs before it, and
 * would hold their tokens for as long as it runs.
 *
 * @example
 * setImmediate(() => {
 *   flushFrameWrites();
 *   // …then the long work: starting the chats queued this turn, say.
 * });
 */
export function flushFrameWrites(): void {
  atTurnEnd.flush();
}

/**
 * Writes SSE frames to a Node response. Through `response.write`, Node corks the socket, defers
 * the uncork to a tick and queues four writes per frame (hex length, CRLF, frame, CRLF); when the
 * response is Node's own chunked HTTP/1.1 response whose header block is already out and which
 * holds no bytes of its own, this writes the same bytes as one chunk with one `socket.write`
 * instead. Anything else — `write` or `end` patched (compression middleware) or overridden, no
 * socket yet (a pipelined response waiting its turn), HTTP/1.0 or HTTP/2, a socket ending or gone —
 * goes through `response.write`, so the bytes on the wire are the same either way.
 *
 * Frames written straight to the socket wait, each its own chunk, and go out in one `socket.write`
 * per stream: a fast model's burst costs one system call, not one per token. With
 * `writeBatching: 'turn'` (the default) they wait for the event loop's check phase, after every
 * I/O callback of the turn, and all streams' frames leave there together: the turn reads every
 * upstream socket, then writes every client socket, which costs the process less CPU per token
 * than a read and a write in turn (BENCHMARKS.md, round 29). Two exceptions keep the wait short
 * where a reader would see it: a stream's first direct batch (its first token, as a rule) leaves
 * at its callback's end, and in a turn whose callbacks run long (a burst of chats starting) the
 * frames queued leave at the end of the callback that finds the first of them 2 ms old. With
 * `'callback'` each I/O callback's frames leave at its end, as Node's cork-per-tick sends
 * `response.write`'s. A `write` says `false` while the socket still owes a `drain` for an earlier
 * one.
 *
 * The chunk is a `Uint8Array`, not a `Buffer`, to keep the core free of Node globals: Node wraps
 * it in a Buffer view without copying it.
 */
export function createFrameWriter(
  response: NodeResponseLike,
  options: FrameWriterOptions,
): FrameWriter {
  return new NodeFrameWriter(response, options);
}

// A class rather than an object of closures: every open stream has a writer, thousands at once,
// and a class shares its methods where closures cost a function and a context slot each.
class NodeFrameWriter implements FrameWriter {
  readonly #response: NodeResponseLike;
  readonly #node: NodeResponseLike & NodeResponseFields;
  readonly #directWrites: boolean;
  readonly #queue: FlushQueue;
  readonly #onDrain: () => void;
  // Decided once the header block is out: Node fixes chunked encoding and the body in writeHead,
  // and the prototype's write and end do not change under a running response.
  #isNodeChunked: boolean | undefined;
  #drainSource: Drainable | undefined;
  // The listener `off` must find again; made at the first wait for room, which most never have.
  #drainListener: (() => void) | undefined;
  // The frames of this turn, sent by `flush` at its end (or once they fill a socket's buffer).
  #pending: SseFrame[] = [];
  #pendingBytes = 0;
  #isFlushQueued = false;
  // Until a batch went straight to the socket, frames leave at the callback's end: a stream's
  // first token is the one its reader waits for most (the header block and the first heartbeat
  // go through the response, at once).
  #hasWrittenDirect = false;

  constructor(response: NodeResponseLike, options: FrameWriterOptions) {
    this.#response = response;
    this.#node = response as NodeResponseLike & NodeResponseFields;
    this.#directWrites = options.directWrites;
    this.#queue = options.writeBatching === 'callback' ? atCallbackEnd : atTurnEnd;
    this.#onDrain = options.onDrain;
  }

  write(sseFrame: SseFrame): boolean {
    const { socket } = this.#node;
    // Node writes nothing for an empty write, and an empty chunk would end the body.
    if (
      this.#directWrites &&
      sseFrame.length > 0 &&
      socket != null &&
      this.#canWriteDirect(socket)
    ) {
      this.#pending.push(sseFrame);
      this.#pendingBytes += sseFrame.length;
      // A turn that writes a socket buffer's worth sends it at once, so `false` can stop it.
      if (this.#pendingBytes >= BATCH_BYTES) this.#flush();
      else if (!this.#isFlushQueued) {
        this.#isFlushQueued = true;
        (this.#hasWrittenDirect ? this.#queue : atCallbackEnd).add(this);
      }
      return this.#drainSource === undefined;
    }
    // Whatever goes through the response goes after the frames already written.
    this.#flush();
    return this.#writeThrough(sseFrame);
  }

  end(): void {
    const { socket } = this.#node;
    // Corked, the turn's frames wait for the body's last chunk, and Node's `end` uncorks the
    // socket fully: both leave in one write (two system calls apart, a one-token answer's
    // end cost as much as its token).
    const isCorked = this.#pending.length > 0 && socket != null && socket.writable;
    if (isCorked) socket.cork();
    this.#flush();
    this.stop();
    this.#response.end();
    // An `end` patched after the first frames may not uncork: the socket must not stay corked.
    if (isCorked && socket.writableCorked > 0) socket.uncork();
  }

  stop(): void {
    this.#pending = [];
    if (this.#drainListener !== undefined) this.#drainSource?.off('drain', this.#drainListener);
    this.#drainSource = undefined;
  }

  /** Sends the frames of this turn; for the shared flush queue, not for callers. */
  flushTurn(): void {
    // Already sent (a full batch, a write through the response, or `end`) or dropped by `stop`.
    if (this.#isFlushQueued) this.#flush();
  }

  // Checked on every write, as each can change while the response runs.
  #canWriteDirect(socket: SocketLike): boolean {
    const node = this.#node;
    if (
      // The header block went out with the first write (Node sends it with body bytes, or
      // flushHeaders), straight to the socket or into the response's own queue.
      node._headerSent !== true ||
      // False once the socket is ending, ended, errored or destroyed.
      !socket.writable ||
      // Bytes the response queued itself (a pipelined response before its turn) go first.
      node.writableLength !== socket.writableLength ||
      // A write patched after the first frames would be bypassed; a patched end is still
      // called, and one patched before the stream fails isNodesChunkedResponse.
      Object.hasOwn(this.#response, 'write')
    ) {
      return false;
    }
    this.#isNodeChunked ??= isNodesChunkedResponse(node);
    return this.#isNodeChunked;
  }

  #waitForDrain(source: Drainable): void {
    if (this.#drainSource !== undefined) return;
    this.#drainSource = source;
    if (this.#drainListener === undefined) {
      this.#drainListener = () => {
        this.#drainSource = undefined;
        this.#onDrain();
      };
    }
    source.once('drain', this.#drainListener);
  }

  #writeThrough(sseFrame: SseFrame): boolean {
    if (this.#response.write(sseFrame)) return true;
    this.#waitForDrain(this.#response);
    return false;
  }

  #flush(): void {
    this.#isFlushQueued = false;
    // The same array every turn, emptied, not a new one: an array that lives from one token to
    // the next (a second at 1 token/s) survives scavenges, V8 then allocates that site's arrays in
    // the old generation, and every frame pushed into one is kept to the next full GC with it.
    const frames = this.#pending;
    if (frames.length === 0) return;
    this.#pendingBytes = 0;
    const { socket } = this.#node;
    try {
      // Each frame passed the guard when written; since then only the socket can have gone (a
      // write patched meanwhile must not see frames written before it).
      if (socket == null || !socket.writable) {
        for (const sseFrame of frames) this.#writeThrough(sseFrame);
        return;
      }
      const chunk =
        frames.length === 1 ? encodeHttpChunk(frames[0] as SseFrame) : encodeHttpChunks(frames);
      this.#hasWrittenDirect = true;
      // Node's response 'drain' follows only its own writes (kNeedDrain); the socket's, these.
      if (!socket.write(chunk)) this.#waitForDrain(socket);
    } finally {
      frames.length = 0;
    }
  }
}

/**
 * Node's own `write` and `end` (both from `OutgoingMessage.prototype`, the one that owns
 * `_writeRaw`, not a subclass's or HTTP/2's), chunked, with a body (not HEAD, 204 or 304).
 */
function isNodesChunkedResponse(response: NodeResponseLike & NodeResponseFields): boolean {
  const writeOwner = ownerOf(response, 'write');
  return (
    response.chunkedEncoding === true &&
    response._hasBody === true &&
    writeOwner !== undefined &&
    writeOwner === ownerOf(response, 'end') &&
    Object.hasOwn(writeOwner, '_writeRaw')
  );
}

function ownerOf(object: object, key: string): object | undefined {
  for (let owner: object | null = object; owner !== null; owner = Object.getPrototypeOf(owner)) {
    if (Object.hasOwn(owner, key)) return owner;
  }
  return undefined;
}
