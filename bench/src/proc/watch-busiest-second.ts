import { readFileSync } from 'node:fs';
import { parseCpuTimes } from './parse-cpu-times.js';

/** Follows cores' busy shares from successive readings of `/proc/stat` (see {@link watchBusiestSecond}). */
export interface CoreBusyTracker {
  /** Takes a reading of `/proc/stat`; the share since the previous reading counts from the second on. */
  add(procStat: string): void;
  /** The core's busiest share between two consecutive readings, in %; NaN before two readings. */
  peakPercent(core: number): number;
}

/**
 * Tracks, per core, the largest busy share between consecutive readings: busy ticks (everything
 * but idle and iowait, steal included) over all ticks. A core that is not in a reading is skipped.
 *
 * @example
 * const tracker = createCoreBusyTracker([0, 1]);
 * tracker.add('cpu0 100 0 0 100 0 0 0 0\ncpu1 0 0 0 200 0 0 0 0\n');
 * tracker.add('cpu0 190 0 0 110 0 0 0 0\ncpu1 50 0 0 250 0 0 0 0\n');
 * tracker.peakPercent(0); // 90
 * tracker.peakPercent(1); // 50
 */
export function createCoreBusyTracker(cores: readonly number[]): CoreBusyTracker {
  const last = new Map<number, { busyTicks: number; totalTicks: number }>();
  const peaks = new Map<number, number>();
  return {
    add(procStat) {
      const times = parseCpuTimes(procStat);
      for (const core of cores) {
        const now = times.get(core);
        if (now === undefined) continue;
        const before = last.get(core);
        last.set(core, now);
        if (before === undefined) continue;
        const total = now.totalTicks - before.totalTicks;
        if (total <= 0) continue;
        const percent = ((now.busyTicks - before.busyTicks) / total) * 100;
        peaks.set(core, Math.max(peaks.get(core) ?? 0, percent));
      }
    },
    peakPercent: (core) => peaks.get(core) ?? Number.NaN,
  };
}

/** A watch started with {@link watchBusiestSecond}. */
export interface BusiestSecondWatch {
  /** Stops watching; each core's busiest second since the start, in % (NaN if under a second). */
  stop(): Map<number, number>;
}

/**
 * Watches the cores' busy shares second by second during a measurement, and keeps each core's
 * busiest second. An average over a whole run hides the seconds a core ran full: S6's load core
 * averaged 50–60 % in rounds whose last seconds of arrivals it spent at 100 %, and every first
 * token then waited in the load, whatever the system under test did (BENCHMARKS.md, round 33).
 *
 * @example
 * const watch = watchBusiestSecond([0, 1]);
 * await runTheLoad();
 * const peaks = watch.stop(); // Map { 0 => 100, 1 => 87 }
 */
export function watchBusiestSecond(
  cores: readonly number[],
  options: { intervalMs?: number; readProcStat?: () => string } = {},
): BusiestSecondWatch {
  const read = options.readProcStat ?? (() => readFileSync('/proc/stat', 'latin1'));
  const tracker = createCoreBusyTracker(cores);
  tracker.add(read());
  const timer = setInterval(() => tracker.add(read()), options.intervalMs ?? 1_000);
  timer.unref();
  return {
    stop() {
      // The last, shorter window is left out: a few ticks make a share of 0 or 100 by chance.
      clearInterval(timer);
      return new Map(cores.map((core) => [core, tracker.peakPercent(core)]));
    },
  };
}
