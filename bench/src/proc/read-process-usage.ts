import { readdirSync, readFileSync } from 'node:fs';
import { parseProcStat } from './parse-proc-stat.js';
import { parseProcStatus } from './parse-proc-status.js';
import { parseSchedstat } from './parse-schedstat.js';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ): 100 on every Linux ABI Node runs on. */
const TICKS_PER_SECOND = 100;

/** A process's CPU time and memory at one instant. */
export interface ProcessUsage {
  /** User + system CPU seconds since the process started, all threads. */
  cpuSeconds: number;
  /** Same, from `/proc/<pid>/stat` only (10 ms resolution). */
  statCpuSeconds: number;
  /**
   * CPU seconds of the main thread alone (the event loop: JavaScript, the system calls it makes,
   * GC pauses), from its schedstat; undefined when the kernel does not provide it.
   */
  mainThreadCpuSeconds: number | undefined;
  rssBytes: number;
  peakRssBytes: number;
}

/**
 * Reads a process's CPU time and memory from /proc. CPU time is utime + stime of
 * `/proc/<pid>/stat`, refined to the nanosecond by summing its threads' schedstat when the
 * kernel provides it (a one-stream run of S1 uses only a few 10 ms ticks). Synchronous on
 * purpose: procfs reads do not block, and a sample taken in one event-loop turn is one instant.
 *
 * @example
 * const usage = readProcessUsage(process.pid);
 * usage.cpuSeconds > 0; // true
 */
export function readProcessUsage(pid: number): ProcessUsage {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  const status = parseProcStatus(readFileSync(`/proc/${pid}/status`, 'latin1'));
  const statCpuSeconds = (stat.userTicks + stat.systemTicks) / TICKS_PER_SECOND;
  const threads = threadsCpuSeconds(pid);
  return {
    cpuSeconds: threads?.all ?? statCpuSeconds,
    statCpuSeconds,
    mainThreadCpuSeconds: threads?.main,
    ...status,
  };
}

function threadsCpuSeconds(pid: number): { all: number; main: number } | undefined {
  try {
    let nanoseconds = 0;
    let mainNanoseconds = 0;
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      const threadNanoseconds = parseSchedstat(
        readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'latin1'),
      );
      nanoseconds += threadNanoseconds;
      // The main thread's id is the process's.
      if (thread === String(pid)) mainNanoseconds = threadNanoseconds;
    }
    return { all: nanoseconds / 1e9, main: mainNanoseconds / 1e9 };
  } catch {
    return undefined;
  }
}
