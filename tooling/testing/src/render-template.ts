import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const envsubstPaths = ['/usr/bin/envsubst', '/usr/local/bin/envsubst'];

/**
 * Renders an nginx template with GNU `envsubst` itself, the way the official nginx image does
 * (`envsubst "$defined_envs"` in its 20-envsubst-on-templates.sh): `$NAME` and `${NAME}` are
 * replaced for every variable given, even when empty, and every other `$…` is left alone, which
 * is what keeps nginx's own `$host` or `$uri` intact.
 *
 * @example
 * renderTemplate('listen ${NGINX_PORT}; # $host', { NGINX_PORT: '8080' });
 * // 'listen 8080; # $host'
 */
export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  const envsubst = process.env.ENVSUBST_BIN ?? envsubstPaths.find((path) => existsSync(path));
  if (envsubst === undefined) {
    throw new Error('envsubst not found: apt-get install gettext-base');
  }
  const shellFormat = Object.keys(variables)
    .map((name) => `\${${name}}`)
    .join(' ');
  return execFileSync(envsubst, [shellFormat], {
    input: template,
    // Only the given variables exist for envsubst, as only the image's own are defined there.
    env: { ...variables },
    encoding: 'utf8',
  });
}
