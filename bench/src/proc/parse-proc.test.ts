import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween } from './cpu-seconds-between.js';
import { measureInterference } from './measure-interference.js';
import { parseCpuTimes } from './parse-cpu-times.js';
import { parseProcStat } from './parse-proc-stat.js';
import { parseProcStatus } from './parse-proc-status.js';
import { parseSchedstat } from './parse-schedstat.js';
import { readProcessUsage } from './read-process-usage.js';

describe('parseProcStat', () => {
  it('reads utime (field 14) and stime (field 15)', () => {
    const line =
      '8123 (node) S 8100 8123 8100 0 -1 4194560 2211 0 0 0 731 95 0 0 20 0 11 0 4391 1152 14000 18446744073709551615\n';
    expect(parseProcStat(line)).toEqual({ userTicks: 731, systemTicks: 95 });
  });

  it('counts fields from the last ")" so a command name with spaces and parens cannot shift them', () => {
    const line = '77 (a b) (c)) R 1 77 77 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0\n';
    expect(parseProcStat(line)).toEqual({ userTicks: 5, systemTicks: 6 });
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/stat/);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const text =
      'Name:\tnode\nVmPeak:\t 1100000 kB\nVmSize:\t 1000000 kB\nVmHWM:\t   65536 kB\nVmRSS:\t   49152 kB\nThreads:\t11\n';
    expect(parseProcStatus(text)).toEqual({ rssBytes: 49152 * 1024, peakRssBytes: 65536 * 1024 });
  });

  it('does not mistake RssAnon or RssFile for VmRSS', () => {
    const text = 'RssAnon:\t 1 kB\nVmHWM:\t 3 kB\nRssFile:\t 2 kB\nVmRSS:\t 4 kB\n';
    expect(parseProcStatus(text).rssBytes).toBe(4096);
  });

  it('says which figure is missing', () => {
    expect(() => parseProcStatus('VmRSS:\t 4 kB\n')).toThrow(/VmHWM/);
  });
});

describe('readProcessUsage', () => {
  it('reads this very process: some CPU used, RSS within the peak', () => {
    const usage = readProcessUsage(process.pid);
    expect(usage.cpuSeconds).toBeGreaterThan(0);
    expect(usage.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(usage.rssBytes).toBeLessThanOrEqual(usage.peakRssBytes);
  });
});

describe('parseSchedstat', () => {
  it('reads the nanoseconds on CPU (first field)', () => {
    expect(parseSchedstat('179822658 172497639 516\n')).toBe(179822658);
  });

  it('refuses an empty file rather than reading 0 ns', () => {
    expect(() => parseSchedstat('')).toThrow(/schedstat/);
  });
});

describe('readProcessUsage, schedstat against stat', () => {
  it('agrees with /proc/<pid>/stat within its 10 ms ticks (plus threads that came and went)', () => {
    const deadline = Date.now() + 50;
    while (Date.now() < deadline) {
      // Burn a little CPU so both clocks have something to count.
    }
    const usage = readProcessUsage(process.pid);
    expect(Math.abs(usage.cpuSeconds - usage.statCpuSeconds)).toBeLessThan(0.25);
  });

  it("counts the main thread's own time apart, and only the time this thread spent", async () => {
    const before = readProcessUsage(process.pid);
    // A worker burns 200 ms of CPU on a thread of its own while the main thread waits, idle (so
    // the process's CPU is the worker's); it stays alive, its thread's schedstat with it, until
    // the reading after. CPU time, not wall time: a busy machine must not shorten either burn.
    const worker = new Worker(
      'const { parentPort } = require("node:worker_threads"); const start = process.cpuUsage(); while (process.cpuUsage(start).user + process.cpuUsage(start).system < 200_000) {} parentPort.postMessage(0); parentPort.once("message", () => {});',
      { eval: true },
    );
    await once(worker, 'message');
    // Then the main thread burns 100 ms of its own, the worker idle.
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < 100_000) {}
    const after = readProcessUsage(process.pid);
    await worker.terminate();
    const mainSeconds = (after.mainThreadCpuSeconds ?? 0) - (before.mainThreadCpuSeconds ?? 0);
    expect(mainSeconds).toBeGreaterThanOrEqual(0.08);
    expect(mainSeconds).toBeLessThan(after.cpuSeconds - before.cpuSeconds - 0.15);
  });
});

describe('cpuSecondsBetween', () => {
  const usage = (cpuSeconds: number, statCpuSeconds: number) => ({
    cpuSeconds,
    statCpuSeconds,
    mainThreadCpuSeconds: undefined,
    rssBytes: 0,
    peakRssBytes: 0,
  });

  it('uses the nanosecond sum when both clocks agree within their ticks', () => {
    expect(cpuSecondsBetween(usage(1.0, 1.0), usage(1.0123, 1.02))).toBeCloseTo(0.0123, 6);
  });

  it('falls back to stat when threads that exited took their time out of the sum', () => {
    expect(cpuSecondsBetween(usage(1.0, 1.0), usage(1.1, 1.5))).toBeCloseTo(0.5, 6);
  });
});

describe('parseCpuTimes', () => {
  it('reads each core, busy without idle and iowait, and skips the all-cores line', () => {
    const cores = parseCpuTimes(
      'cpu  207899 2788 79792 242436 539 0 2958 349 0 0\ncpu0 100 1 40 800 8 0 5 1 0 0\ncpu1 10 0 4 80 2 0 1 0 0 0\nintr 1 2 3\n',
    );
    expect([...cores.keys()]).toEqual([0, 1]);
    expect(cores.get(0)).toEqual({ busyTicks: 147, totalTicks: 955 });
    expect(cores.get(1)).toEqual({ busyTicks: 15, totalTicks: 97 });
  });
});

describe('measureInterference', () => {
  const snapshot = (at: number, core0: number, core1: number, processes: number[]) => ({
    at,
    coreBusySeconds: new Map([
      [0, core0],
      [1, core1],
    ]),
    processSeconds: processes,
  });

  it('charges to others what the cores did beyond our processes', () => {
    const interference = measureInterference(
      snapshot(0, 10, 20, [1, 2, 0.5]),
      snapshot(2000, 11.2, 21.5, [1.8, 3, 0.6]),
      { loadCore: 0, serverCore: 1 },
    );
    expect(interference.loadProcessPercent).toBeCloseTo(40, 5);
    expect(interference.loadCoreOtherPercent).toBeCloseTo(20, 5);
    // 1.5 s busy on core 1, 1.1 s of it the system and nginx: 0.4 s of 2 s to others.
    expect(interference.serverCoreOtherPercent).toBeCloseTo(20, 5);
  });
});
