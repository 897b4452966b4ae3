import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { findFreePort, waitForPort } from '@tokenwire/testing';
import { type ProcessUsage, readProcessUsage } from '../proc/read-process-usage.js';
import type { SystemDefinition } from './system-definition.js';

/** A system ready to take streams. */
export interface RunningSystem {
  /** Where the load client connects: the system's port, or the upstream's for `direct`. */
  origin: string;
  /** The system's process id; undefined for `direct`. */
  pid: number | undefined;
  /** CPU and memory of the system's process now; undefined for `direct`. */
  usage(): ProcessUsage | undefined;
  /** The system's last lines of output, for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Options of {@link startSystem}. */
export interface StartSystemOptions {
  upstreamUrl: string;
  /** CPU core to pin the process to with `taskset -c`. */
  core: number;
  /** Soft and hard limit on the process's open files (`prlimit --nofile`); unchanged when absent. */
  openFileLimit?: number;
  /** When set, the process runs under `node --cpu-prof` and writes `<name>.cpuprofile` here. */
  profile?: { directory: string; name: string };
  /** More node/V8 flags, before the script (`--system-flags`). */
  nodeFlags?: readonly string[];
}

const OUTPUT_LINES = 30;

/**
 * Starts a system as its own process, pinned to one core, so its CPU time and memory can be
 * read from /proc apart from the load's. `taskset` execs node, so the child's pid is node's.
 *
 * @example
 * const system = await startSystem(systems['node-pipe'], { upstreamUrl: upstream.url, core: 1 });
 * await system.stop();
 */
export async function startSystem(
  definition: SystemDefinition,
  options: StartSystemOptions,
): Promise<RunningSystem> {
  if (!definition.process) {
    return {
      origin: new URL(options.upstreamUrl).origin,
      pid: undefined,
      usage: () => undefined,
      output: () => '',
      stop: async () => {},
    };
  }
  const port = await findFreePort();
  const nodeFlags: string[] = [...(options.nodeFlags ?? [])];
  if (options.profile) {
    mkdirSync(options.profile.directory, { recursive: true });
    nodeFlags.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.profile.directory}`,
      `--cpu-prof-name=${options.profile.name}.cpuprofile`,
    );
  }
  // prlimit and taskset each exec the next command, so the child's pid is still node's.
  const pinned = [
    'taskset',
    '-c',
    String(options.core),
    process.execPath,
    ...nodeFlags,
    definition.process.script,
  ];
  const command =
    options.openFileLimit === undefined
      ? pinned
      : ['prlimit', `--nofile=${options.openFileLimit}:${options.openFileLimit}`, ...pinned];
  const child = spawn(command[0] as string, command.slice(1), {
    env: { ...process.env, ...definition.process.env(options.upstreamUrl, port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').trimEnd().split('\n'));
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  try {
    if (pid === undefined) throw new Error('spawn failed');
    await waitForPort(port, { timeoutMs: 20_000, hasExited: () => child.exitCode !== null });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `${definition.name} did not start: ${(error as Error).message}\n${lines.join('\n')}`,
    );
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    pid,
    usage: () => (child.exitCode === null ? readProcessUsage(pid) : undefined),
    output: () => lines.join('\n'),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
