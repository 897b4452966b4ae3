import { createEventDecoder, type TokenwireEvent, type UnknownEvent } from '@tokenwire/protocol';

/** Options for {@link readEventStream}. */
export interface ReadEventStreamOptions {
  /** Every decoded event, known or not (an unknown one still takes a seq), with its seq. */
  onEvent(event: TokenwireEvent | UnknownEvent, seq: number | undefined): void;
  /** Some bytes arrived, heartbeats included. */
  onBytes(): void;
  /** Checked after every await: false once the caller stopped reading. */
  isActive(): boolean;
  maxEventSize?: number | undefined;
}

/**
 * Reads one response body through the protocol decoder: `ended` once the terminal event is out
 * (the reader is then released), `stopped` when the caller stopped. Throws the decoder's
 * `ProtocolError` (`truncated` when the body ended early) or the runtime's read error.
 */
export async function readEventStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  options: ReadEventStreamOptions,
): Promise<'ended' | 'stopped'> {
  const decoder = createEventDecoder({
    onEvent: options.onEvent,
    onUnknownEvent: options.onEvent,
    maxEventSize: options.maxEventSize,
  });
  // A plain read() loop: Safari's ReadableStream has no async iterator.
  for (;;) {
    const step = await reader.read();
    if (!options.isActive()) return 'stopped';
    if (step.done) break;
    options.onBytes();
    decoder.push(step.value);
    if (!options.isActive()) return 'stopped';
    if (decoder.hasEnded) {
      // Nothing after the terminal event counts (PROTOCOL.md §6): free the connection now.
      reader.cancel().catch(() => {});
      return 'ended';
    }
  }
  decoder.end();
  return 'ended';
}
