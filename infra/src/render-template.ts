const variableReference = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Renders an nginx template exactly as the official nginx image does (`envsubst "$defined_envs"`):
 * `$NAME` and `${NAME}` are replaced for every variable defined in `env`, even when empty, and
 * every other `$…` is left alone, which is what keeps nginx's own `$host` or `$uri` intact.
 * Defaults such as `${NAME:-x}` are not a thing in envsubst and stay as written.
 *
 * @example
 * renderTemplate('listen ${NGINX_PORT}; # $host', { NGINX_PORT: '8080' });
 * // 'listen 8080; # $host'
 */
export function renderTemplate(
  template: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return template.replace(variableReference, (reference, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    return value ?? reference;
  });
}
