import { existsSync } from 'node:fs';

/** Where nginx is looked for after `NGINX_BIN`, in order. */
const nginxPaths = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/**
 * The nginx binary: `NGINX_BIN` when set, else the first that exists of Debian's and the usual
 * paths; undefined when none is installed (the benchmark then skips its nginx scenario).
 *
 * @example
 * findNginx(); // '/usr/sbin/nginx'
 */
export function findNginx(): string | undefined {
  const fromEnvironment = process.env.NGINX_BIN;
  if (fromEnvironment) return fromEnvironment;
  return nginxPaths.find((path) => existsSync(path));
}
