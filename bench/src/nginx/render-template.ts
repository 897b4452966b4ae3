/**
 * Substitutes `${NAME}` for the given variables only, as the nginx image's envsubst step does
 * with the variables defined in its environment, so nginx's own `$host`, `$uri`… stay intact.
 *
 * @example
 * renderTemplate('listen ${NGINX_PORT}; return 200 $host;', { NGINX_PORT: '8080' });
 * // 'listen 8080; return 200 $host;'
 */
export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  return template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (match, name: string) =>
    Object.hasOwn(variables, name) ? (variables[name] as string) : match,
  );
}
