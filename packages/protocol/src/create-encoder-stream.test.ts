import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_FRAME } from './constants.js';
import { createEncoderStream } from './create-encoder-stream.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';

const decoder = new TextDecoder();
const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo' };
const delta: TokenwireEvent = { type: 'text-delta', delta: 'hi\n' };
const finish: TokenwireEvent = { type: 'finish', reason: 'stop' };

/** Collects what the readable side emits, as text, while the test drives the writable side. */
function collect(stream: TransformStream<TokenwireEvent, Uint8Array>): {
  frames: string[];
  done: Promise<void>;
} {
  const frames: string[] = [];
  const done = stream.readable.pipeTo(
    new WritableStream({ write: (chunk) => void frames.push(decoder.decode(chunk)) }),
  );
  return { frames, done };
}

describe('createEncoderStream', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens with a heartbeat, then writes one frame per event with seq from 0', async () => {
    const stream = createEncoderStream({ heartbeatMs: false });
    const { frames, done } = collect(stream);
    const writer = stream.writable.getWriter();
    for (const event of [start, delta, finish]) await writer.write(event);
    await writer.close();
    await done;
    expect(frames).toEqual([
      HEARTBEAT_FRAME,
      encodeEvent(start, 0),
      encodeEvent(delta, 1),
      encodeEvent(finish, 2),
    ]);
  });

  it('continues the count from firstSeq for a resumed stream', async () => {
    const stream = createEncoderStream({ heartbeatMs: false, firstSeq: 41 });
    const { frames, done } = collect(stream);
    const writer = stream.writable.getWriter();
    await writer.write(delta);
    await writer.close();
    await done;
    expect(frames).toEqual([HEARTBEAT_FRAME, encodeEvent(delta, 41)]);
  });

  it('sends a heartbeat after each silence and none after the terminal event', async () => {
    vi.useFakeTimers();
    const stream = createEncoderStream({ heartbeatMs: 1000 });
    const { frames } = collect(stream);
    const writer = stream.writable.getWriter();
    await writer.write(start);
    await vi.advanceTimersByTimeAsync(2500);
    expect(frames).toEqual([
      HEARTBEAT_FRAME,
      encodeEvent(start, 0),
      HEARTBEAT_FRAME,
      HEARTBEAT_FRAME,
    ]);
    await writer.write(finish);
    await vi.advanceTimersByTimeAsync(5000);
    expect(frames.slice(4)).toEqual([encodeEvent(finish, 1)]);
  });

  it('sends only the opening heartbeat with heartbeatMs false', async () => {
    vi.useFakeTimers();
    const stream = createEncoderStream({ heartbeatMs: false });
    const { frames } = collect(stream);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(frames).toEqual([HEARTBEAT_FRAME]);
  });

  it('stops the heartbeat when the reader goes away', async () => {
    vi.useFakeTimers();
    const stream = createEncoderStream({ heartbeatMs: 1000 });
    const reader = stream.readable.getReader();
    await reader.read();
    await reader.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
