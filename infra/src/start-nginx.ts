import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './find-free-port.js';

/** Options for {@link startNginx}. */
export interface StartNginxOptions {
  /**
   * Returns what goes inside `http {}` (the rendered template), given the `listen` value to use:
   * `127.0.0.1:<free port>`.
   */
  renderHttpConfig: (listen: string) => string;
  /** The nginx binary (default `NGINX_BIN` or `/usr/sbin/nginx`). */
  nginxPath?: string;
}

/** An nginx master process in the foreground, owned by the caller. */
export interface RunningNginx {
  url: string;
  port: number;
  /** What nginx wrote to its error log so far (warnings, upstream timeouts…). */
  errorLog(): string;
  close(): Promise<void>;
}

const mimeTypesPath = '/etc/nginx/mime.types';

/**
 * Starts a real nginx as a non-daemon child on a free loopback port, with every path it writes
 * (pid, temp files) in a fresh temporary directory, and the given config included inside
 * `http {}` as the official image's nginx.conf does with conf.d.
 *
 * @example
 * const nginx = await startNginx({ renderHttpConfig: (listen) => `server { listen ${listen}; }` });
 * await fetch(nginx.url);
 * await nginx.close();
 */
export async function startNginx(options: StartNginxOptions): Promise<RunningNginx> {
  const nginxPath = options.nginxPath ?? process.env.NGINX_BIN ?? '/usr/sbin/nginx';
  if (!existsSync(nginxPath)) {
    throw new Error(`nginx not found at ${nginxPath}: apt-get install nginx (Debian's package)`);
  }
  if (!existsSync(mimeTypesPath)) {
    throw new Error(`${mimeTypesPath} not found: apt-get install nginx (Debian's package)`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'tokenwire-nginx-'));
  // When the tests run as root, nginx's workers drop to `nobody` and must still reach this folder.
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
  await writeFile(httpConfigPath, options.renderHttpConfig(`127.0.0.1:${port}`));
  await writeFile(
    configPath,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(directory, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 256; }',
      'http {',
      `  include ${mimeTypesPath};`,
      '  default_type application/octet-stream;',
      '  access_log off;',
      '  sendfile on;',
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

  const child = spawn(nginxPath, ['-p', directory, '-c', configPath, '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errorLog = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    errorLog += text;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });

  await waitUntilListening(port, exited, () => errorLog);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errorLog: () => errorLog,
    async close() {
      await stop(child, exited);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function waitUntilListening(
  port: number,
  exited: Promise<number | null>,
  errorLog: () => string,
): Promise<void> {
  let hasExited = false;
  exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`nginx exited at start:\n${errorLog()}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nginx did not listen on ${port} within 10 s:\n${errorLog()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // SIGTERM is nginx's fast shutdown: open streams are cut instead of waited for.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
