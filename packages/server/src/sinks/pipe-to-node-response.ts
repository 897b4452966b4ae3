import {
  HEARTBEAT_FRAME,
  type Heartbeat,
  protocolHeaders,
  startHeartbeat,
} from '@tokenwire/protocol';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { SseFrame } from '../sse-frame.js';
import type { StreamError } from '../stream-error.js';
import { createFrameWriter, type FrameWriter, type WriteBatching } from './create-frame-writer.js';
import { flattenHeaderBlock } from './flatten-header-block.js';
import { mergeHeaders } from './merge-headers.js';

/**
 * The part of Node's `http.ServerResponse` a stream is piped to. Express's `res`, Fastify's
 * `reply.raw` and `node:http`'s response all are one; nothing here imports `node:`.
 */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  /** When present (Node's is), the close listener runs before listeners the host added earlier, such as its request log. */
  prependOnceListener?(event: 'close', listener: () => void): unknown;
  /**
   * When present (Node's is), used instead of `prependOnceListener`: `close` comes once, and a
   * plain listener costs no once-wrapper (a state object and a bound function) per open stream.
   */
  prependListener?(event: 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
}

/** Options for a sink: what the host adds to the answer. */
export interface SinkOptions {
  /**
   * Headers besides the protocol's (CORS, `Connection: close`), on the stream and on an error
   * answer; one the answer sets itself (`Content-Type`, …), in any case, gives way to it.
   */
  headers?: Record<string, string> | undefined;
  /** Silence after which a `: ping` comment is sent; 0 turns heartbeats off. */
  heartbeatMs: number;
  /** The first seq to send (a resume); default 0. */
  fromSeq?: number | undefined;
  /**
   * On a Node response, write each frame as one chunk straight to the socket when Node's own
   * chunked response allows it (default `true`); `false` always goes through `response.write`.
   * Same bytes either way.
   */
  directWrites?: boolean | undefined;
  /** When direct writes leave: at the turn's check phase (default) or each I/O callback's end. */
  writeBatching?: WriteBatching | undefined;
}

/**
 * Answers on a Node response: the error's status and JSON when the upstream failed before the
 * first byte; otherwise the protocol's `200` headers and a first heartbeat, then the
 * generation's frames written straight to the response — no web streams per token, and on Node's
 * own chunked response one `socket.write` per turn's frames (`directWrites`). A `false` from a write
 * pauses the upstream until `drain`; a response that closes before the end aborts it. Resolves
 * once the response has ended or closed.
 */
export function pipeToNodeResponse(
  generation: FrameSource,
  connected: Promise<StreamError | undefined>,
  response: NodeResponseLike,
  options: SinkOptions,
): Promise<void> {
  const sink = new NodeResponseSink(generation, response);
  return connected.then((failure) => sink.answer(failure, options));
}

// A class rather than an async function of closures: one lives for every open stream, thousands
// at once, and a suspended async function kept its generator, registers, context and five
// closures (close, drain, beat, write, end) per stream where a class shares its methods.
class NodeResponseSink implements GenerationSubscriber {
  readonly #generation: FrameSource;
  readonly #response: NodeResponseLike;
  readonly #closed: Promise<void>;
  #resolveClosed: (() => void) | undefined;
  // Attached, a closing reader leaves the generation instead of aborting it.
  #isAttached = false;
  #writer: FrameWriter | undefined;
  #heartbeat: Heartbeat | undefined;

  constructor(generation: FrameSource, response: NodeResponseLike) {
    this.#generation = generation;
    this.#response = response;
    this.#closed = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve;
    });
    const onClose = () => this.#onClose();
    if (response.prependListener !== undefined) response.prependListener('close', onClose);
    else if (response.prependOnceListener !== undefined) {
      response.prependOnceListener('close', onClose);
    } else response.once('close', onClose);
  }

  /** Answers once the upstream call is connected (or failed); resolves as {@link pipeToNodeResponse}. */
  answer(failure: StreamError | undefined, options: SinkOptions): Promise<void> | undefined {
    const response = this.#response;
    if (response.destroyed) return undefined;
    if (failure !== undefined) {
      response.writeHead(failure.status, mergeHeaders(options.headers, failure.headers()));
      response.end(JSON.stringify(failure.toJSON()));
      return this.#closed;
    }

    response.writeHead(200, mergeHeaders(options.headers, protocolHeaders));
    // Node keeps the block for the response's life; as writeHead built it, a rope of ~27 nodes.
    flattenHeaderBlock(response);
    // Heartbeats go through the same writer as frames, so the two keep their order on the wire.
    const writer = createFrameWriter(response, {
      directWrites: options.directWrites !== false,
      writeBatching: options.writeBatching,
      onDrain: () => {
        if (this.#isAttached) this.#generation.resume(this);
      },
    });
    this.#writer = writer;
    // Bytes before the first token, so proxies and browsers see the stream open at once.
    writer.write(HEARTBEAT_FRAME);
    if (options.heartbeatMs > 0) {
      this.#heartbeat = startHeartbeat({
        intervalMs: options.heartbeatMs,
        onBeat: () => {
          if (response.writableEnded || response.destroyed) throw new Error('stream closed');
          writer.write(HEARTBEAT_FRAME);
        },
      });
    }
    this.#isAttached = true;
    if (!this.#generation.subscribe(this, options.fromSeq ?? 0)) {
      // The caller checked the replay was possible; between then and now it no longer is.
      response.end();
      return this.#closed;
    }
    return this.#generation.run().then(() => this.#closed);
  }

  write(frame: SseFrame): boolean {
    // A closed response takes nothing more (the stream's end may come from its own `close`).
    if (this.#response.destroyed) return true;
    // What the client receives is what postpones the heartbeat, not what the model sent.
    this.#heartbeat?.touch();
    return (this.#writer as FrameWriter).write(frame);
  }

  end(): void {
    this.#heartbeat?.stop();
    // The last frames of this turn go before the body's end.
    if (this.#response.destroyed) this.#writer?.stop();
    else this.#writer?.end();
  }

  #onClose(): void {
    // Listened to with `prependListener`, a second `close` (never from Node) must do nothing.
    if (this.#resolveClosed === undefined) return;
    // Attached, the reader leaves (the generation may wait for a resume); before the first byte
    // nobody has its id to resume with, so the model call is aborted at once.
    if (this.#isAttached) this.#generation.unsubscribe(this);
    else this.#generation.abort('client_closed');
    this.#heartbeat?.stop();
    this.#writer?.stop();
    this.#resolveClosed?.();
    this.#resolveClosed = undefined;
  }
}
