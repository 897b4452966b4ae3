import { HEARTBEAT_FRAME, protocolHeaders, startHeartbeat } from '@tokenwire/protocol';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { StreamError } from '../stream-error.js';
import { mergeHeaders } from './merge-headers.js';
import type { SinkOptions } from './pipe-to-node-response.js';

// Frames queued in the web stream before the upstream is paused.
const HIGH_WATER_BYTES = 64 * 1024;

/**
 * A web `Response`: the error's status and JSON when the upstream failed before the first byte;
 * otherwise `200` with the protocol's headers and a `ReadableStream` of the frames. The stream's
 * queue pauses the upstream when full and its `pull` resumes it; its `cancel` (the client went
 * away) aborts the upstream.
 */
export async function toResponse(
  generation: FrameSource,
  connected: Promise<StreamError | undefined>,
  options: SinkOptions,
): Promise<Response> {
  const failure = await connected;
  if (failure !== undefined) {
    return new Response(JSON.stringify(failure.toJSON()), {
      status: failure.status,
      headers: mergeHeaders(options.headers, failure.headers()),
    });
  }
  const encoder = new TextEncoder();
  let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
  let subscriber: GenerationSubscriber | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(HEARTBEAT_FRAME));
        if (options.heartbeatMs > 0) {
          heartbeat = startHeartbeat({
            intervalMs: options.heartbeatMs,
            onBeat: () => controller.enqueue(encoder.encode(HEARTBEAT_FRAME)),
          });
        }
        subscriber = {
          write(frame) {
            heartbeat?.touch();
            controller.enqueue(typeof frame === 'string' ? encoder.encode(frame) : frame);
            return (controller.desiredSize ?? 0) > 0;
          },
          end() {
            heartbeat?.stop();
            controller.close();
          },
        };
        if (!generation.subscribe(subscriber, options.fromSeq ?? 0)) controller.close();
        void generation.run();
      },
      pull() {
        if (subscriber !== undefined) generation.resume(subscriber);
      },
      cancel() {
        heartbeat?.stop();
        if (subscriber !== undefined) generation.unsubscribe(subscriber);
      },
    },
    { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, {
    status: 200,
    headers: mergeHeaders(options.headers, protocolHeaders),
  });
}
