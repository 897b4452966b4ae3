/**
 * The names a template references as `${NAME}`: what the environment must define before the
 * official image renders it, since an undefined one is left in place and breaks nginx's parse.
 *
 * @example
 * templateVariables('server ${API_UPSTREAM}; root ${WEB_ROOT};'); // ['API_UPSTREAM', 'WEB_ROOT']
 */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return [...names].sort();
}
