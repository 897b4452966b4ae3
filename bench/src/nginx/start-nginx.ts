import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../systems/find-free-port.js';
import { waitForPort } from '../systems/wait-for-port.js';
import { findNginx } from './find-nginx.js';
import { renderTemplate } from './render-template.js';

/** A running nginx in front of a system (see {@link startNginx}). */
export interface RunningNginx {
  origin: string;
  /** The master's pid and its workers'. */
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * Renders the project's template (infra/nginx/templates/default.conf.template) and runs it inside
 * an `http {}` block with the directives of the project's infra/nginx/nginx.conf (sendfile,
 * tcp_nopush, keepalive_timeout, an access log), paths moved to a temporary folder, and one
 * worker pinned to the given core: the server side of the machine, next to the system it fronts.
 *
 * @example
 * const nginx = await startNginx({ templatePath, apiUpstream: '127.0.0.1:8787', core: 1 });
 * await nginx.stop();
 */
export async function startNginx(options: {
  templatePath: string;
  apiUpstream: string;
  core: number;
}): Promise<RunningNginx> {
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed');
  const directory = mkdtempSync(join(tmpdir(), 'tokenwire-bench-nginx-'));
  // Run as root, nginx's worker drops to `nobody` and must still reach this folder.
  chmodSync(directory, 0o755);
  const webRoot = join(directory, 'www');
  mkdirSync(webRoot);
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>bench</title>\n');
  const port = await findFreePort();
  const site = renderTemplate(readFileSync(options.templatePath, 'utf8'), {
    API_UPSTREAM: options.apiUpstream,
    NGINX_PORT: `127.0.0.1:${port}`,
    WEB_ROOT: webRoot,
  });
  writeFileSync(join(directory, 'default.conf'), site);
  const mimeTypes = ['/etc/nginx/mime.types'].find((path) => existsSync(path));
  writeFileSync(
    join(directory, 'nginx.conf'),
    `worker_processes 1;
pid ${directory}/nginx.pid;
error_log ${directory}/error.log warn;
events { worker_connections 4096; }
http {
  ${mimeTypes ? `include ${mimeTypes};` : ''}
  default_type application/octet-stream;
  access_log ${directory}/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  client_body_temp_path ${directory}/client_body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
  include ${directory}/default.conf;
}
`,
  );
  const child = spawn(
    'taskset',
    [
      '-c',
      String(options.core),
      binary,
      '-p',
      directory,
      '-c',
      join(directory, 'nginx.conf'),
      '-e',
      join(directory, 'error.log'),
      '-g',
      'daemon off;',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errorOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errorOutput += chunk.toString('utf8');
  });
  try {
    await waitForPort(port, { timeoutMs: 10_000, hasExited: () => child.exitCode !== null });
  } catch (error) {
    child.kill('SIGKILL');
    const log = existsSync(join(directory, 'error.log'))
      ? readFileSync(join(directory, 'error.log'), 'utf8')
      : '';
    throw new Error(`nginx did not start: ${(error as Error).message}\n${errorOutput}${log}`);
  }
  const master = child.pid as number;
  return {
    origin: `http://127.0.0.1:${port}`,
    pids: () => {
      try {
        const children = readFileSync(`/proc/${master}/task/${master}/children`, 'latin1');
        return [master, ...children.trim().split(/\s+/).filter(Boolean).map(Number)];
      } catch {
        return [master];
      }
    },
    stop: async () => {
      await stopNginx(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // SIGTERM is nginx's fast shutdown: the master stops its worker and exits.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
