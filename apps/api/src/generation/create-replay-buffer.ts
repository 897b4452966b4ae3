import type { ReplayBuffer } from './replay-buffer.js';

/** Options for {@link createReplayBuffer}. */
export interface ReplayBufferOptions {
  /**
   * The most bytes (UTF-8) of frames kept; the oldest go first. Default 0: nothing is kept,
   * since no route replays yet and every kept frame is memory a slow reader's stream holds
   * for its whole life (the S4 benchmark measured 8 MiB per stream when all were kept).
   */
  capacityBytes?: number;
}

/**
 * An in-memory {@link ReplayBuffer} bounded in bytes: it keeps the newest frames that fit in
 * `capacityBytes` and forgets older ones, so a generation's memory does not grow with its length.
 * With the default capacity of 0 an `append` costs one comparison.
 *
 * @example
 * const buffer = createReplayBuffer({ capacityBytes: 64 * 1024 });
 * buffer.append(0, 'id: 0\ndata: {"type":"start","id":"gen_1","model":"m"}\n\n');
 * buffer.framesFrom(0); // ['id: 0\n…']
 */
export function createReplayBuffer(options: ReplayBufferOptions = {}): ReplayBuffer {
  const capacityBytes = options.capacityBytes ?? 0;
  if (!(capacityBytes >= 0)) {
    throw new RangeError(`capacityBytes must be 0 or more, got ${capacityBytes}.`);
  }
  // frames[index] has seq `firstSeq + index`; `head` skips evicted entries without shifting.
  let frames: string[] = [];
  let sizes: number[] = [];
  let head = 0;
  let firstSeq = 0;
  let nextSeq = 0;
  let size = 0;

  return {
    get size() {
      return size;
    },
    append(seq, frame) {
      nextSeq = seq + 1;
      if (capacityBytes === 0) {
        firstSeq = nextSeq;
        return;
      }
      const frameSize = Buffer.byteLength(frame);
      if (frameSize > capacityBytes) {
        // Kept alone it would break the bound; a gap before it makes every older seq unavailable.
        frames = [];
        sizes = [];
        head = 0;
        size = 0;
        firstSeq = nextSeq;
        return;
      }
      if (frames.length - head === 0) firstSeq = seq;
      frames.push(frame);
      sizes.push(frameSize);
      size += frameSize;
      while (size > capacityBytes) {
        size -= sizes[head] as number;
        frames[head] = '';
        head++;
        firstSeq++;
      }
      // Compact once the dead prefix outweighs the live part, so both arrays stay O(kept).
      if (head > 32 && head * 2 > frames.length) {
        frames = frames.slice(head);
        sizes = sizes.slice(head);
        head = 0;
      }
    },
    framesFrom(seq) {
      if (seq < firstSeq || seq > nextSeq) return undefined;
      return frames.slice(head + (seq - firstSeq));
    },
  };
}
