import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseFrame } from '../sse-frame.js';
import { allocateBytes } from '../translate/allocate-bytes.js';
import {
  createReplayBuffer,
  freeReplayBlocks,
  REPLAY_BLOCK_BYTES,
  sealedFramesFrom,
} from './create-replay-buffer.js';

const frame = (seq: number, text = 'x') => `id: ${seq}\ndata: ${text}\n\n`;

describe('createReplayBuffer', () => {
  it('keeps nothing at its default capacity of 0, yet knows where the stream is', () => {
    const buffer = createReplayBuffer();
    for (let seq = 0; seq < 1000; seq++) buffer.append(seq, frame(seq));
    expect(buffer.size).toBe(0);
    expect(buffer.framesFrom(0)).toBeUndefined();
    expect(buffer.framesFrom(999)).toBeUndefined();
    expect(buffer.framesFrom(1000)).toEqual([]);
  });

  it('replays every frame from a seq while they fit', () => {
    const buffer = createReplayBuffer({ capacityBytes: 1024 });
    for (let seq = 0; seq < 5; seq++) buffer.append(seq, frame(seq));
    expect(buffer.framesFrom(0)).toEqual([0, 1, 2, 3, 4].map((seq) => frame(seq)));
    expect(buffer.framesFrom(3)).toEqual([frame(3), frame(4)]);
    expect(buffer.framesFrom(5)).toEqual([]);
    expect(buffer.framesFrom(6)).toBeUndefined();
  });

  it('forgets the oldest frames past its capacity, counting UTF-8 bytes', () => {
    const sizeOf = (seq: number) => Buffer.byteLength(frame(seq, 'é'));
    const capacityBytes = sizeOf(0) * 3;
    const buffer = createReplayBuffer({ capacityBytes });
    for (let seq = 0; seq < 10; seq++) {
      buffer.append(seq, frame(seq, 'é'));
      expect(buffer.size).toBeLessThanOrEqual(capacityBytes);
    }
    expect(buffer.size).toBe(sizeOf(9) * 3);
    expect(buffer.framesFrom(6)).toBeUndefined();
    expect(buffer.framesFrom(7)).toEqual([7, 8, 9].map((seq) => frame(seq, 'é')));
  });

  it('keeps byte frames as they are and counts their bytes, next to string frames', () => {
    const bytes = Buffer.from(frame(1, 'é'));
    const buffer = createReplayBuffer({ capacityBytes: 1024 });
    buffer.append(0, frame(0, 'é'));
    buffer.append(1, bytes);
    expect(buffer.size).toBe(Buffer.byteLength(frame(0, 'é')) + bytes.byteLength);
    expect(buffer.framesFrom(1)).toEqual([bytes]);
  });

  it('stays within its capacity over a long stream and still replays its newest frames', () => {
    const buffer = createReplayBuffer({ capacityBytes: 10_000 });
    for (let seq = 0; seq < 200_000; seq++) buffer.append(seq, frame(seq));
    expect(buffer.size).toBeLessThanOrEqual(10_000);
    const kept = buffer.framesFrom(199_990);
    expect(kept).toHaveLength(10);
    expect(kept?.[9]).toBe(frame(199_999));
  });

  it('drops everything before a frame larger than its capacity, keeping no gap', () => {
    const buffer = createReplayBuffer({ capacityBytes: 100 });
    buffer.append(0, frame(0));
    buffer.append(1, frame(1, 'y'.repeat(200)));
    buffer.append(2, frame(2));
    expect(buffer.framesFrom(0)).toBeUndefined();
    expect(buffer.framesFrom(1)).toBeUndefined();
    expect(buffer.framesFrom(2)).toEqual([frame(2)]);
  });

  it('refuses a negative capacity', () => {
    expect(() => createReplayBuffer({ capacityBytes: -1 })).toThrow(RangeError);
  });

  it('replays what a plain list of every frame, cut to the capacity, would', () => {
    const encoder = new TextEncoder();
    // Pool views (as the translator makes them), a Buffer, a standalone array, and strings.
    const asFrame = (kind: number, text: string): SseFrame => {
      if (kind === 0) return text;
      const bytes = encoder.encode(text);
      if (kind === 1) return Buffer.from(bytes);
      if (kind === 2) return Uint8Array.from(bytes);
      const view = allocateBytes(bytes.length);
      view.set(bytes);
      return view;
    };
    // Any code point, and lone surrogates, which a string frame's UTF-8 turns into U+FFFD.
    const character = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('\uD800', '\uDFFF'),
    );
    const sizeOf = (frame: SseFrame) =>
      typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
    fc.assert(
      fc.property(
        // Small capacities forget within a block; large ones keep frames across many.
        fc.oneof(
          fc.integer({ min: 0, max: 400 }),
          fc.integer({ min: 0, max: 48 * REPLAY_BLOCK_BYTES }),
        ),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 60, unit: character })),
          {
            maxLength: 300,
          },
        ),
        fc.integer({ min: 1, max: 80 }),
        fc.nat(),
        (capacityBytes, writes, repeat, askedFrom) => {
          const buffer = createReplayBuffer({ capacityBytes });
          // The reference: every frame; the kept ones are the longest suffix within the capacity
          // that no oversized frame interrupts.
          const all: SseFrame[] = [];
          writes.forEach(([kind, text], seq) => {
            const frame = asFrame(kind, text.repeat(repeat));
            all.push(frame);
            buffer.append(seq, frame);
          });
          let firstKept = all.length;
          let size = 0;
          // At capacity 0 nothing is kept, not even empty frames.
          while (firstKept > 0 && capacityBytes > 0) {
            const frameSize = sizeOf(all[firstKept - 1] as SseFrame);
            if (frameSize > capacityBytes || size + frameSize > capacityBytes) break;
            size += frameSize;
            firstKept--;
          }
          expect(buffer.size).toBe(size);
          const from = askedFrom % (all.length + 2);
          const expected = all.slice(from).map((frame) => Buffer.from(frame).toString('base64'));
          const replayed = buffer.framesFrom(from);
          if (from < firstKept || from > all.length) {
            expect(replayed).toBeUndefined();
          } else {
            expect(replayed?.map((frame) => Buffer.from(frame).toString('base64'))).toEqual(
              expected,
            );
            // Strings and Buffers come back as the very frames appended.
            replayed?.forEach((frame, index) => {
              const appended = all[from + index] as SseFrame;
              if (typeof appended === 'string' || Buffer.isBuffer(appended)) {
                expect(frame).toBe(appended);
              }
            });
          }
          // Sealed, the same frames replay from every seq, as bytes, and nothing more is taken;
          // its one array, read on its own, gives them too (an ended answer keeps only that).
          expect(buffer.sealedBytes).toBeUndefined();
          buffer.seal();
          expect(buffer.size).toBe(size);
          expect(buffer.firstSeq).toBe(firstKept);
          const sealedBytes = buffer.sealedBytes as Uint8Array;
          // Each kept frame costs its bytes and a 4-byte header; the array, 4 bytes more.
          expect(sealedBytes.byteLength).toBe(4 + 4 * (all.length - firstKept) + size);
          for (let seq = 0; seq <= all.length + 1; seq++) {
            const sealed = buffer.framesFrom(seq);
            const read = sealedFramesFrom(sealedBytes, firstKept, seq);
            if (seq < firstKept || seq > all.length) {
              expect(sealed).toBeUndefined();
              expect(read).toBeUndefined();
            } else {
              const expectedFrom = all
                .slice(seq)
                .map((frame) => Buffer.from(frame).toString('base64'));
              expect(sealed?.map((frame) => Buffer.from(frame).toString('base64'))).toEqual(
                expectedFrom,
              );
              expect(read?.map((frame) => Buffer.from(frame).toString('base64'))).toEqual(
                expectedFrom,
              );
            }
          }
          expect(() => buffer.append(all.length, 'x')).toThrow(/sealed/);
        },
      ),
    );
  });

  it('keeps a pooled byte frame without keeping its view object alive', async () => {
    const collectGarbage = exposeGc();
    const buffer = createReplayBuffer({ capacityBytes: 1024 });
    const text = frame(0, 'é');
    let view: Uint8Array | undefined = pooled(text);
    const viewRef = new WeakRef(view);
    buffer.append(0, view);
    view = undefined;
    // V8 keeps a WeakRef's target alive until the job that made the WeakRef ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    // One view per token per open stream was most of a kept answer's heap.
    expect(viewRef.deref()).toBeUndefined();
    expect(buffer.framesFrom(0)?.map((kept) => Buffer.from(kept).toString())).toEqual([text]);
  });

  it("copies pooled frames and keeps no pool's slab alive", async () => {
    const collectGarbage = exposeGc();
    const buffer = createReplayBuffer({ capacityBytes: 24_000 });
    const texts = Array.from({ length: 200 }, (_, seq) => frame(seq, 'y'.repeat(1000)));
    const refs = appendPooledFrames(buffer, texts);
    // Past a pool's worth of other frames the allocator takes a new slab: only a kept frame that
    // points into the old ones could hold them.
    for (let filled = 0; filled <= 64 * 1024; filled += 4096) allocateBytes(4096);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    // Every kept frame is a copy: a slow reader's 4 KiB frames, kept by reference, each kept
    // their 64 KiB slab until a full GC.
    expect(refs.length).toBeGreaterThan(2);
    expect(refs.map((slab) => slab.deref() !== undefined)).toEqual(refs.map(() => false));
    const kept = buffer.framesFrom(190)?.map((bytes) => Buffer.from(bytes).toString());
    expect(kept).toEqual(texts.slice(190));
  });

  it("sealed, keeps no pool's slab alive, and replays the same bytes", async () => {
    const collectGarbage = exposeGc();
    const buffer = createReplayBuffer({ capacityBytes: 16 * 1024 });
    // A short answer.
    const texts = Array.from({ length: 100 }, (_, seq) => frame(seq, `tok ${seq} é`));
    const refs = appendPooledFrames(buffer, texts);
    buffer.append(100, frame(100, 'the end'));
    buffer.seal();
    for (let filled = 0; filled <= 64 * 1024; filled += 4096) allocateBytes(4096);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.map((slab) => slab.deref() !== undefined)).toEqual(refs.map(() => false));
    expect(buffer.framesFrom(98)?.map((bytes) => Buffer.from(bytes).toString())).toEqual([
      ...texts.slice(98),
      frame(100, 'the end'),
    ]);
  });

  it('lets go of a forgotten frame kept as it is', async () => {
    const collectGarbage = exposeGc();
    const buffer = createReplayBuffer({ capacityBytes: 100 });
    let first: Buffer | undefined = Buffer.from(frame(0));
    const firstRef = new WeakRef(first);
    buffer.append(0, first);
    first = undefined;
    buffer.append(1, 'x'.repeat(99));
    // V8 keeps a WeakRef's target alive until the job that made the WeakRef ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(firstRef.deref()).toBeUndefined();
    expect(buffer.framesFrom(1)).toEqual(['x'.repeat(99)]);
  });

  it('replays pooled frames across its blocks as it forgets the oldest', () => {
    const capacityBytes = 21_384;
    const buffer = createReplayBuffer({ capacityBytes });
    const texts: string[] = [];
    for (let seq = 0; seq < 500; seq++) {
      texts.push(frame(seq, 'z'.repeat((seq * 37) % 997)));
      buffer.append(seq, pooled(texts[seq] as string));
      const kept = buffer.framesFrom(seq);
      expect(kept?.map((bytes) => Buffer.from(bytes).toString())).toEqual([texts[seq]]);
    }
    const replayed = buffer.framesFrom(480)?.map((bytes) => Buffer.from(bytes).toString());
    expect(replayed).toEqual(texts.slice(480));
    expect(buffer.size).toBeLessThanOrEqual(capacityBytes);
  });

  it('keeps frames whose header or bytes cross a block, and larger than a block', () => {
    const buffer = createReplayBuffer({ capacityBytes: 40_000 });
    // 1,021 to 1,023 bytes and a 4-byte header: every header after the first starts nearer a
    // block's end, until one is cut by it; then frames of several blocks.
    const texts = [1019, 1021, 1022, 1023, 1021, 1022, 1023, 30, 5000, 15_000].map((bytes, seq) =>
      frame(seq, 'v'.repeat(bytes - Buffer.byteLength(frame(seq, '')))),
    );
    texts.forEach((text, seq) => {
      buffer.append(seq, pooled(text));
    });
    for (let from = 0; from <= texts.length; from++) {
      expect(buffer.framesFrom(from)?.map((kept) => Buffer.from(kept).toString())).toEqual(
        texts.slice(from),
      );
    }
    expect(buffer.size).toBe(texts.reduce((size, text) => size + Buffer.byteLength(text), 0));
  });

  it('gives its blocks back to the shared pool as it forgets frames and once sealed', () => {
    // With its header, a frame of REPLAY_BLOCK_BYTES - 4 bytes fills one block exactly.
    const text = (seq: number) => {
      const bytes = REPLAY_BLOCK_BYTES - 4;
      return frame(seq, 'p'.repeat(bytes - Buffer.byteLength(frame(seq, ''))));
    };
    const buffer = createReplayBuffer({ capacityBytes: 5 * (REPLAY_BLOCK_BYTES - 4) });
    buffer.append(0, pooled(text(0)));
    const freeWithOne = freeReplayBlocks();
    for (let seq = 1; seq < 5; seq++) buffer.append(seq, pooled(text(seq)));
    // Four more blocks, from the pool while it had some.
    expect(freeReplayBlocks()).toBe(Math.max(0, freeWithOne - 4));
    const freeWithFive = freeReplayBlocks();
    // Each new frame past the capacity forgets the oldest, whose block it then takes.
    for (let seq = 5; seq < 50; seq++) buffer.append(seq, pooled(text(seq)));
    expect(freeReplayBlocks()).toBe(freeWithFive);
    buffer.seal();
    expect(freeReplayBlocks()).toBe(freeWithFive + 5);
    // Frames of two blocks each: a small frame past the capacity forgets the oldest, whose two
    // blocks go back, and takes one (its predecessors filled theirs).
    const twoBlocks = (seq: number) => {
      const bytes = 2 * REPLAY_BLOCK_BYTES - 4;
      return frame(seq, 'q'.repeat(bytes - Buffer.byteLength(frame(seq, ''))));
    };
    const wide = createReplayBuffer({ capacityBytes: 2 * (2 * REPLAY_BLOCK_BYTES - 4) });
    wide.append(0, pooled(twoBlocks(0)));
    wide.append(1, pooled(twoBlocks(1)));
    const freeWithFour = freeReplayBlocks();
    wide.append(2, pooled(frame(2)));
    expect(freeReplayBlocks()).toBe(freeWithFour + 1);
    expect(wide.framesFrom(1)?.map((kept) => Buffer.from(kept).toString())).toEqual([
      twoBlocks(1),
      frame(2),
    ]);
    expect(buffer.framesFrom(45)?.map((kept) => Buffer.from(kept).toString())).toEqual(
      [45, 46, 47, 48, 49].map(text),
    );
  });
});

/** V8's gc(): a fresh context exposes it once the flag is set, for a collection on demand. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Appends `texts` as pooled frames, from seq 0; returns a weak reference to every pool slab they
 * were cut from. A function of its own, so that no local of the caller's holds a view.
 */
function appendPooledFrames(
  buffer: ReturnType<typeof createReplayBuffer>,
  texts: readonly string[],
): Array<WeakRef<ArrayBufferLike>> {
  const slabs = new Map<ArrayBufferLike, WeakRef<ArrayBufferLike>>();
  texts.forEach((text, seq) => {
    const view = pooled(text);
    if (!slabs.has(view.buffer)) slabs.set(view.buffer, new WeakRef(view.buffer));
    buffer.append(seq, view);
  });
  return [...slabs.values()];
}

/** `text` as the translator makes a frame: a view cut from the shared pool. */
function pooled(text: string): Uint8Array {
  const bytes = Buffer.from(text);
  const view = allocateBytes(bytes.length);
  view.set(bytes);
  return view;
}
