import type { ProcessUsage } from './read-process-usage.js';

/** Two 10 ms ticks: the most `/proc/<pid>/stat` can be ahead of the threads' sum by rounding alone. */
const TICK_SLACK_SECONDS = 0.02;

/**
 * CPU seconds a process used between two readings: the threads' nanosecond sum, unless the
 * coarser `/proc/<pid>/stat` saw more (threads that exited in between take their schedstat with
 * them, while stat keeps their time).
 *
 * @example
 * cpuSecondsBetween(before, after); // e.g. 0.962
 */
export function cpuSecondsBetween(before: ProcessUsage, after: ProcessUsage): number {
  const precise = after.cpuSeconds - before.cpuSeconds;
  const coarse = after.statCpuSeconds - before.statCpuSeconds;
  return coarse > precise + TICK_SLACK_SECONDS ? coarse : precise;
}
