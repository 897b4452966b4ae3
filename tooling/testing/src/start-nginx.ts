import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './find-free-port.js';
import { findNginx } from './find-nginx.js';
import { waitForPort } from './wait-for-port.js';

/** Options for {@link startNginx}. */
export interface StartNginxOptions {
  /**
   * Returns what goes inside `http {}` (a rendered template), given the `listen` value to use:
   * `127.0.0.1:<free port>`.
   */
  httpConfig: (listen: string) => string;
  /** Pin nginx (master and worker) to this CPU core with `taskset`, as the benchmark does. */
  core?: number | undefined;
  /** Write an access log line per request, as infra/nginx/nginx.conf does (default off). */
  hasAccessLog?: boolean | undefined;
}

/** An nginx master process in the foreground, owned by the caller. */
export interface RunningNginx {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** What nginx wrote to its error log so far (warnings, upstream timeouts…). */
  errorLog(): string;
  /** The master's pid and its worker's, for CPU accounting. */
  pids(): number[];
  /** Stops nginx (SIGTERM, its fast shutdown) and deletes its folder. */
  close(): Promise<void>;
}

const mimeTypesPath = '/etc/nginx/mime.types';

/**
 * Starts a real nginx as a non-daemon child on a free loopback port, with every path it writes
 * (pid, temp files, logs) in a fresh temporary folder, and the given config included inside an
 * `http {}` block with the directives of infra/nginx/nginx.conf (one worker, sendfile,
 * tcp_nopush, keepalive_timeout 65), as the official image's nginx.conf includes conf.d.
 *
 * @example
 * const nginx = await startNginx({ httpConfig: (listen) => `server { listen ${listen}; }` });
 * await fetch(nginx.url);
 * await nginx.close();
 */
export async function startNginx(options: StartNginxOptions): Promise<RunningNginx> {
  const nginxPath = findNginx();
  if (nginxPath === undefined || !existsSync(nginxPath)) {
    throw new Error(`nginx not found (${nginxPath ?? 'set NGINX_BIN'}): apt-get install nginx`);
  }
  if (!existsSync(mimeTypesPath)) {
    throw new Error(`${mimeTypesPath} not found: apt-get install nginx (Debian's package)`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'tokenwire-nginx-'));
  // When run as root, nginx's worker drops to `nobody` and must still reach this folder.
  await chmod(directory, 0o755);
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await launch(nginxPath, directory, options);
    } catch (error) {
      lastError = error;
      // Another process may take the free port between our probe and nginx's bind: try another.
      if (!String(error).includes('Address already in use')) break;
    }
  }
  await rm(directory, { recursive: true, force: true });
  throw lastError;
}

async function launch(
  nginxPath: string,
  directory: string,
  options: StartNginxOptions,
): Promise<RunningNginx> {
  const port = await findFreePort();
  const httpConfigPath = join(directory, 'default.conf');
  const configPath = join(directory, 'nginx.conf');
  await writeFile(httpConfigPath, options.httpConfig(`127.0.0.1:${port}`));
  await writeFile(
    configPath,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(directory, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 4096; }',
      'http {',
      `  include ${mimeTypesPath};`,
      '  default_type application/octet-stream;',
      options.hasAccessLog ? `  access_log ${join(directory, 'access.log')};` : '  access_log off;',
      '  sendfile on;',
      '  tcp_nopush on;',
      '  keepalive_timeout 65;',
      `  client_body_temp_path ${join(directory, 'client_body')};`,
      `  proxy_temp_path ${join(directory, 'proxy')};`,
      `  fastcgi_temp_path ${join(directory, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(directory, 'uwsgi')};`,
      `  scgi_temp_path ${join(directory, 'scgi')};`,
      `  include ${httpConfigPath};`,
      '}',
      '',
    ].join('\n'),
  );

  const nginxArguments = ['-p', directory, '-c', configPath, '-e', 'stderr'];
  // taskset execs nginx, so the child's pid is nginx's master.
  const child =
    options.core === undefined
      ? spawn(nginxPath, nginxArguments, { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('taskset', ['-c', String(options.core), nginxPath, ...nginxArguments], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
  let errorLog = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    errorLog += text;
  });
  // 'close' comes after the exit and the end of stderr, so the error log is complete by then.
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
  });
  try {
    await waitForPort(port, {
      timeoutMs: 10_000,
      hasExited: () => child.exitCode !== null || child.signalCode !== null,
    });
  } catch (error) {
    await stop(child, closed);
    throw new Error(`nginx did not start: ${(error as Error).message}\n${errorLog}`);
  }
  const master = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errorLog: () => errorLog,
    pids() {
      try {
        const children = readFileSync(`/proc/${master}/task/${master}/children`, 'latin1');
        return [master, ...children.trim().split(/\s+/).filter(Boolean).map(Number)];
      } catch {
        return [master];
      }
    },
    async close() {
      await stop(child, closed);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function stop(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return await closed;
  // SIGTERM is nginx's fast shutdown: open streams are cut instead of waited for.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await closed;
  clearTimeout(timer);
}
