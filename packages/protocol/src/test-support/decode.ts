import { createEventDecoder } from '../create-event-decoder.js';
import { EventDecoderStream } from '../event-decoder-stream.js';
import type { TokenwireEvent, UnknownEvent } from '../events.js';
import { ProtocolError, type ProtocolErrorCode } from '../protocol-error.js';

/** What a decoder made of a whole stream: the same shape the conformance vectors expect. */
export interface DecodeResult {
  events: Array<{ seq: number | null; event: TokenwireEvent }>;
  unknownEvents: Array<{ seq: number | null; event: UnknownEvent }>;
  error: { code: ProtocolErrorCode } | null;
  lastEventId: string | null;
}

/** Cuts `bytes` at the given offsets (sorted, duplicates and out-of-range ones ignored). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    if (offset <= start || offset >= bytes.length) continue;
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Cuts `bytes` into pieces of `size` bytes (the last one shorter). */
export function cutEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  return cutBySizes(bytes, [size]);
}

/** Cuts `bytes` into pieces of the given sizes, taken in turn until the bytes run out. */
export function cutBySizes(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0, turn = 0; start < bytes.length; turn++) {
    const end = start + (sizes[turn % sizes.length] as number);
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

function errorCode(error: unknown): { code: ProtocolErrorCode } {
  if (error instanceof ProtocolError) return { code: error.code };
  throw error;
}

/** Decodes `chunks` with the push decoder; a ProtocolError becomes `result.error`. */
export function decodeWithPushDecoder(
  chunks: Iterable<Uint8Array | string>,
  options: { maxEventSize?: number } = {},
): DecodeResult {
  const result: DecodeResult = { events: [], unknownEvents: [], error: null, lastEventId: null };
  const decoder = createEventDecoder({
    ...options,
    onEvent: (event, seq) => result.events.push({ seq: seq ?? null, event }),
    onUnknownEvent: (event, seq) => result.unknownEvents.push({ seq: seq ?? null, event }),
  });
  try {
    for (const chunk of chunks) decoder.push(chunk);
    decoder.end();
  } catch (error) {
    result.error = errorCode(error);
  }
  result.lastEventId = decoder.lastEventId ?? null;
  return result;
}

/** Decodes `chunks` through {@link EventDecoderStream}, reading like a browser would. */
export async function decodeWithStream(
  chunks: Iterable<Uint8Array | string>,
  options: { maxEventSize?: number } = {},
): Promise<DecodeResult> {
  const result: DecodeResult = { events: [], unknownEvents: [], error: null, lastEventId: null };
  const list = [...chunks];
  const source = new ReadableStream<Uint8Array | string>({
    pull(controller) {
      const chunk = list.shift();
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
  const stream = new EventDecoderStream({
    ...options,
    onUnknownEvent: (event, seq) => result.unknownEvents.push({ seq: seq ?? null, event }),
  });
  const reader = source.pipeThrough(stream).getReader();
  try {
    for (let step = await reader.read(); !step.done; step = await reader.read()) {
      // The stream carries no seq; the push decoder's results pin it.
      result.events.push({ seq: null, event: step.value });
    }
  } catch (error) {
    result.error = errorCode(error);
  }
  result.lastEventId = stream.lastEventId ?? null;
  return result;
}
