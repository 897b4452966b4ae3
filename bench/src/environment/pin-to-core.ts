import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Pins every thread of a process (`taskset -a`: the main thread and libuv's and V8's helpers) to
 * one core, so the load and the system under test never share one. Returns why it could not,
 * or undefined on success.
 *
 * @example
 * pinToCore(process.pid, 0); // undefined: pinned
 */
export function pinToCore(pid: number, core: number): string | undefined {
  if (availableParallelism() < 2) return `only ${availableParallelism()} core available`;
  const result = spawnSync('taskset', ['-a', '-cp', String(core), String(pid)], {
    encoding: 'utf8',
  });
  if (result.error) return `taskset: ${result.error.message}`;
  return result.status === 0 ? undefined : `taskset: ${result.stderr.trim()}`;
}
