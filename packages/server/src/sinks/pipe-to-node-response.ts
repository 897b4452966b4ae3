import { HEARTBEAT_FRAME, protocolHeaders, startHeartbeat } from '@tokenwire/protocol';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { StreamError } from '../stream-error.js';
import { createFrameWriter } from './create-frame-writer.js';

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
  off(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
}

/** Options for a sink: what the host adds to the answer. */
export interface SinkOptions {
  /** Headers besides the protocol's (CORS, `Connection: close`), on the stream and on an error answer. */
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
}

/**
 * Answers on a Node response: the error's status and JSON when the upstream failed before the
 * first byte; otherwise the protocol's `200` headers and a first heartbeat, then the
 * generation's frames written straight to the response — no web streams per token, and on Node's
 * own chunked response one `socket.write` per turn's frames (`directWrites`). A `false` from a write
 * pauses the upstream until `drain`; a response that closes before the end aborts it. Resolves
 * once the response has ended or closed.
 */
export async function pipeToNodeResponse(
  generation: FrameSource,
  connected: Promise<StreamError | undefined>,
  response: NodeResponseLike,
  options: SinkOptions,
): Promise<void> {
  let subscriber: GenerationSubscriber | undefined;
  const closed = new Promise<void>((resolve) => {
    const onClose = () => {
      // Attached, the reader leaves (the generation may wait for a resume); before the first byte
      // nobody has its id to resume with, so the model call is aborted at once.
      if (subscriber !== undefined) generation.unsubscribe(subscriber);
      else generation.abort('client_closed');
      resolve();
    };
    if (response.prependOnceListener !== undefined) response.prependOnceListener('close', onClose);
    else response.once('close', onClose);
  });
  const failure = await connected;
  if (response.destroyed) return;
  const headers = options.headers ?? {};
  if (failure !== undefined) {
    response.writeHead(failure.status, { ...headers, ...failure.headers() });
    response.end(JSON.stringify(failure.toJSON()));
    return closed;
  }

  response.writeHead(200, { ...headers, ...protocolHeaders });
  // Heartbeats go through the same writer as frames, so the two keep their order on the wire.
  const writer = createFrameWriter(response, {
    directWrites: options.directWrites !== false,
    onDrain: () => {
      if (subscriber !== undefined) generation.resume(subscriber);
    },
  });
  // Bytes before the first token, so proxies and browsers see the stream open at once.
  writer.write(HEARTBEAT_FRAME);
  const heartbeat =
    options.heartbeatMs > 0
      ? startHeartbeat({
          intervalMs: options.heartbeatMs,
          onBeat: () => {
            if (response.writableEnded || response.destroyed) throw new Error('stream closed');
            writer.write(HEARTBEAT_FRAME);
          },
        })
      : undefined;
  const attached: GenerationSubscriber = {
    write(frame) {
      // A closed response takes nothing more (the stream's end may come from its own `close`).
      if (response.destroyed) return true;
      // What the client receives is what postpones the heartbeat, not what the model sent.
      heartbeat?.touch();
      return writer.write(frame);
    },
    end() {
      heartbeat?.stop();
      // The last frames of this turn go before the body's end.
      if (response.destroyed) writer.stop();
      else writer.end();
    },
  };
  void closed.then(() => {
    heartbeat?.stop();
    writer.stop();
  });
  subscriber = attached;
  if (!generation.subscribe(attached, options.fromSeq ?? 0)) {
    // The caller checked the replay was possible; between then and now it no longer is.
    response.end();
    return closed;
  }
  await generation.run();
  return closed;
}
