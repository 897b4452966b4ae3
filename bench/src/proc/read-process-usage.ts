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
  return { cpuSeconds: threadsCpuSeconds(pid) ?? statCpuSeconds, statCpuSeconds, ...status };
}

function threadsCpuSeconds(pid: number): number | undefined {
  try {
    let nanoseconds = 0;
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      nanoseconds += parseSchedstat(
        readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'latin1'),
      );
    }
    return nanoseconds / 1e9;
  } catch {
    return undefined;
  }
}
