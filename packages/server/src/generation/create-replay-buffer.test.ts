import { describe, expect, it } from 'vitest';
import { createReplayBuffer } from './create-replay-buffer.js';

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
});
