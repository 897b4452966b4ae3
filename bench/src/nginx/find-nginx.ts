import { existsSync } from 'node:fs';

/** Where nginx is looked for, in order. */
const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/**
 * The nginx binary, or undefined when none is installed (S5 is then skipped, not failed).
 *
 * @example
 * findNginx(); // '/usr/sbin/nginx'
 */
export function findNginx(): string | undefined {
  return NGINX_PATHS.find((path) => existsSync(path));
}
