import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningNginx, renderTemplate, startNginx } from '@tokenwire/testing';

/** Options for {@link startFrontNginx}. */
export interface StartFrontNginxOptions {
  /** The project's template: infra/nginx/templates/default.conf.template. */
  templatePath: string;
  /** `host:port` of the system nginx fronts. */
  apiUpstream: string;
  /** The core nginx is pinned to: the server side of the machine, next to the system. */
  core: number;
}

/**
 * The project's nginx template rendered as the image does and run in front of a system, with an
 * access log as infra/nginx/nginx.conf keeps one, pinned to the server's core: what S5 measures.
 *
 * @example
 * const nginx = await startFrontNginx({ templatePath, apiUpstream: '127.0.0.1:8787', core: 1 });
 * await nginx.close();
 */
export async function startFrontNginx(options: StartFrontNginxOptions): Promise<RunningNginx> {
  const webRoot = await mkdtemp(join(tmpdir(), 'tokenwire-bench-www-'));
  // Run as root, nginx's worker drops to `nobody` and must still read this folder.
  await chmod(webRoot, 0o755);
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>bench</title>\n', {
    mode: 0o644,
  });
  const template = await readFile(options.templatePath, 'utf8');
  try {
    const nginx = await startNginx({
      httpConfig: (listen) =>
        renderTemplate(template, {
          API_UPSTREAM: options.apiUpstream,
          NGINX_PORT: listen,
          WEB_ROOT: webRoot,
        }),
      core: options.core,
      hasAccessLog: true,
    });
    return {
      ...nginx,
      async close() {
        await nginx.close();
        await rm(webRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(webRoot, { recursive: true, force: true });
    throw error;
  }
}
