import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './find-free-port.js';
import { waitForPort } from './wait-for-port.js';

/** A redis-server started by {@link startRedis}. */
export interface RunningRedis {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** The redis-server process id, for CPU accounting (the benchmark reads /proc with it). */
  pid: number | undefined;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/**
 * Starts a real `redis-server` on a free loopback port, with no persistence and its files in a
 * temporary folder. Fails with the line to install it when it is missing.
 *
 * @example
 * const redis = await startRedis();
 * process.env.REDIS_URL = redis.url;
 * await redis.stop();
 */
export async function startRedis(): Promise<RunningRedis> {
  const binary = CANDIDATES.find((candidate) => existsSync(candidate));
  if (binary === undefined) {
    throw new Error(
      'redis-server is not installed: run `bash scripts/ensure-system-deps.sh` (Debian/Ubuntu: apt-get install redis-server).',
    );
  }
  const port = await findFreePort();
  const directory = mkdtempSync(join(tmpdir(), 'tokenwire-redis-'));
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port, { timeoutMs: 15_000, hasExited: () => child.exitCode !== null });
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
