import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { SseFrame } from '../sse-frame.js';

/** A subscriber that takes everything: the frames it got, as text, and its `end` calls. */
export type FrameCollector = GenerationSubscriber & {
  frames: string[];
  hasEnded: boolean;
  ends: number;
};

/** A {@link FrameCollector}, never full. */
export function collectFrames(): FrameCollector {
  const collector: FrameCollector = {
    frames: [],
    hasEnded: false,
    ends: 0,
    write(frame: SseFrame) {
      collector.frames.push(typeof frame === 'string' ? frame : Buffer.from(frame).toString());
      return true;
    },
    end() {
      collector.hasEnded = true;
      collector.ends++;
    },
  };
  return collector;
}
