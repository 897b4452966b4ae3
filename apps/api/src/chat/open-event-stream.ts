import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { HEARTBEAT_FRAME, protocolHeaders, startHeartbeat } from '@tokenwire/protocol';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';

/** Options for {@link openEventStream}. */
export interface EventStreamOptions {
  /** Headers besides the protocol's (CORS, `Connection: close` during shutdown). */
  headers: OutgoingHttpHeaders;
  heartbeatMs: number;
  /** The response drained after a `write` reported it full. */
  onDrain: () => void;
}

/** A protocol stream on a Node response, readable by a generation. */
export interface EventStream extends GenerationSubscriber {
  /** Stops the heartbeat; the response closed. */
  dispose(): void;
}

/**
 * Sends the protocol's `200` headers and the first heartbeat, and returns the subscriber that
 * writes a generation's frames straight to Node's response — no web streams per token.
 * No explicit cork: Node's chunked writer already corks the socket until the next tick, so the
 * frames of one upstream read leave in one `writev`. A `false` from `write` is
 * passed on (the generation stops reading upstream) and `drain` is listened for only then.
 *
 * @example
 * const stream = openEventStream(c.env.outgoing, { headers: {}, heartbeatMs: 15_000, onDrain: () => generation.resume() });
 * generation.subscribe(stream);
 */
export function openEventStream(
  response: ServerResponse,
  options: EventStreamOptions,
): EventStream {
  const { onDrain } = options;
  let isWaitingForDrain = false;
  const handleDrain = () => {
    isWaitingForDrain = false;
    onDrain();
  };

  response.writeHead(200, { ...options.headers, ...protocolHeaders });
  // Bytes before the first token, so proxies and browsers see the stream open at once.
  response.write(HEARTBEAT_FRAME);
  const heartbeat = startHeartbeat({
    intervalMs: options.heartbeatMs,
    onBeat: () => {
      if (response.writableEnded || response.destroyed) throw new Error('stream closed');
      response.write(HEARTBEAT_FRAME);
    },
  });

  return {
    write(frame) {
      if (response.write(frame)) return true;
      if (!isWaitingForDrain) {
        isWaitingForDrain = true;
        response.once('drain', handleDrain);
      }
      return false;
    },
    flush() {
      heartbeat.touch();
    },
    end() {
      heartbeat.stop();
      response.end();
    },
    dispose() {
      heartbeat.stop();
      if (isWaitingForDrain) response.off('drain', handleDrain);
    },
  };
}
