// @module The API as its own process, run from source the way `pnpm dev` runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApiProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Sends the signal and resolves once the process has exited. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

const apiRoot = dirname(fileURLToPath(import.meta.resolve('@tokenwire/api/package.json')));
const tsx = import.meta.resolve('tsx');

/**
 * Starts `apps/api/src/main.ts` with tsx (as `pnpm dev` does, without the watcher) on `port` and
 * resolves once `/api/health` answers. Its environment is `env` alone (plus PATH), and it runs in
 * an empty directory, so no `.env` or OPENAI_* of the developer's reaches it: without an upstream
 * it serves the built-in demo model from inside its own process.
 */
export async function startApiProcess(
  port: number,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    ['--import', tsx, '--conditions=@tokenwire/source', join(apiRoot, 'src/main.ts')],
    {
      cwd: mkdtempSync(join(tmpdir(), 'tokenwire-e2e-api-')),
      env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await isHealthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop(child, exited, 'SIGKILL');
      throw new Error(`The API did not start on port ${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, kill: (signal) => stop(child, exited, signal) };
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`);
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals) {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
}
