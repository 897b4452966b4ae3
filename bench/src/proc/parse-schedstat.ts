/**
 * Nanoseconds a thread has run on a CPU, the first field of `/proc/<pid>/task/<tid>/schedstat`
 * (the scheduler's sum_exec_runtime: user and kernel time, to the nanosecond, where
 * `/proc/<pid>/stat` counts 10 ms ticks).
 *
 * @example
 * parseSchedstat('179822658 172497639 516\n'); // 179822658
 */
export function parseSchedstat(text: string): number {
  const value = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(value) || text.trim() === '') {
    throw new Error(`not a schedstat line: ${text.slice(0, 80)}`);
  }
  return value;
}
