import { describe, expect, it } from 'vitest';
import { createCoreBusyTracker, watchBusiestSecond } from './watch-busiest-second.js';

/** A `/proc/stat` with two cores: user, nice, system, idle, iowait, irq, softirq, steal. */
const stat = (core0: number[], core1: number[]) =>
  `cpu  0 0 0 0 0 0 0 0\ncpu0 ${core0.join(' ')}\ncpu1 ${core1.join(' ')}\nintr 1 2 3\n`;

describe('createCoreBusyTracker', () => {
  it('keeps the busiest window of each core, not the average', () => {
    const tracker = createCoreBusyTracker([0, 1]);
    tracker.add(stat([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]));
    // Core 0: 30 % busy, then 100 %, then 20 %; core 1: 10 %, 60 %, 40 %.
    tracker.add(stat([20, 0, 10, 70, 0, 0, 0, 0], [10, 0, 0, 90, 0, 0, 0, 0]));
    tracker.add(stat([90, 0, 40, 70, 0, 0, 0, 0], [60, 0, 10, 130, 0, 0, 0, 0]));
    tracker.add(stat([100, 0, 50, 150, 0, 0, 0, 0], [100, 0, 10, 190, 0, 0, 0, 0]));
    expect(tracker.peakPercent(0)).toBe(100);
    expect(tracker.peakPercent(1)).toBe(60);
  });

  it('counts steal, irq and softirq as busy and iowait as idle', () => {
    const tracker = createCoreBusyTracker([1]);
    tracker.add(stat([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]));
    tracker.add(stat([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 40, 20, 10, 10, 20]));
    expect(tracker.peakPercent(1)).toBe(40);
  });

  it('has no figure before two readings, nor for a core the readings lack', () => {
    const tracker = createCoreBusyTracker([0, 7]);
    expect(tracker.peakPercent(0)).toBeNaN();
    tracker.add(stat([5, 0, 0, 5, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(tracker.peakPercent(0)).toBeNaN();
    tracker.add(stat([10, 0, 0, 10, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(tracker.peakPercent(0)).toBe(50);
    expect(tracker.peakPercent(7)).toBeNaN();
  });
});

describe('watchBusiestSecond', () => {
  it('reads at the start and at every interval, and leaves the last short window out', async () => {
    const readings = [
      stat([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]),
      stat([25, 0, 0, 75, 0, 0, 0, 0], [100, 0, 0, 0, 0, 0, 0, 0]),
      stat([50, 0, 0, 150, 0, 0, 0, 0], [150, 0, 0, 50, 0, 0, 0, 0]),
    ];
    let reads = 0;
    const watch = watchBusiestSecond([0, 1], {
      intervalMs: 20,
      readProcStat: () => readings[Math.min(reads++, readings.length - 1)] as string,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const peaks = watch.stop();
    const readsAtStop = reads;
    expect(readsAtStop).toBeGreaterThanOrEqual(3);
    expect(peaks.get(0)).toBe(25);
    expect(peaks.get(1)).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reads).toBe(readsAtStop);
  });
});
