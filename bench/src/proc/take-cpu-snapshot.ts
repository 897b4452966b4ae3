import { readFileSync } from 'node:fs';
import { parseCpuTimes } from './parse-cpu-times.js';
import { readProcessUsage } from './read-process-usage.js';

/** Clock ticks per second of `/proc/stat` (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The cores' busy time and our processes' CPU time at one instant. */
export interface CpuSnapshot {
  at: number;
  coreBusySeconds: Map<number, number>;
  /** CPU seconds of each watched process (load, system, nginx…). */
  processSeconds: number[];
}

/**
 * Reads every core's busy time and the given processes' CPU time (each pid with its children,
 * for nginx's worker), so the share of a core that went to processes of other people can be
 * told apart from ours.
 *
 * @example
 * const before = takeCpuSnapshot([[process.pid], [system.pid]]);
 */
export function takeCpuSnapshot(processes: readonly (readonly number[])[]): CpuSnapshot {
  const cores = parseCpuTimes(readFileSync('/proc/stat', 'latin1'));
  const coreBusySeconds = new Map<number, number>();
  for (const [core, times] of cores) coreBusySeconds.set(core, times.busyTicks / TICKS_PER_SECOND);
  const processSeconds = processes.map((pids) =>
    pids.reduce((total, pid) => {
      try {
        return total + readProcessUsage(pid).cpuSeconds;
      } catch {
        return total;
      }
    }, 0),
  );
  return { at: performance.now(), coreBusySeconds, processSeconds };
}
