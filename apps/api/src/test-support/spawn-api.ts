import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The API running as its own process, from `src/main.ts` through tsx. */
export interface SpawnedApi {
  child: ChildProcess;
  /** From the "listening" log line. */
  url: string;
  /** stdout JSON lines, parsed, as they arrive. */
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/**
 * Runs `main.ts` the way `pnpm dev` does, without a build, from an empty directory (no `.env`);
 * `nodeArgs` go before the script, after tsx's `--import`.
 */
export function runMain(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | string>;
} {
  const args = ['--import', TSX, '--conditions=@tokenwire/source', ...nodeArgs, MAIN];
  const child = spawn(process.execPath, args, {
    cwd: mkdtempSync(join(tmpdir(), 'tokenwire-api-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (child.stdout === null) throw new Error('stdout is not piped');
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ raw: line });
    }
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, lines, stderr: () => stderr, exited };
}

/** Spawns the API and waits for its "listening" line. */
export async function spawnApi(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<SpawnedApi> {
  const running = runMain({ PORT: '0', ...env }, nodeArgs);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const listening = running.lines.find((line) => String(line.msg).includes('listening'));
    if (listening !== undefined) return { ...running, url: String(listening.url) };
    if (running.child.exitCode !== null || Date.now() > deadline) {
      running.child.kill();
      throw new Error(`API did not start: ${running.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
