const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Finds what Compose's variable interpolation would refuse in one value: a required variable
 * (`${NAME:?message}`, `${NAME?message}`) that `env` leaves unset (or empty, for `:?`), and a `$`
 * that starts no valid reference (write `$$` for a literal dollar). Defaults are followed only
 * where Compose would use them.
 *
 * @example
 * findInterpolationProblems('${OPENAI_API_KEY:?set it in .env}', {});
 * // ['OPENAI_API_KEY is required: set it in .env']
 */
export function findInterpolationProblems(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const problems: string[] = [];
  let index = 0;
  while (index < value.length) {
    const dollar = value.indexOf('$', index);
    if (dollar === -1) break;
    const next = value[dollar + 1];
    if (next === '$') {
      index = dollar + 2;
      continue;
    }
    if (next === '{') {
      const end = findClosingBrace(value, dollar + 2);
      if (end === -1) {
        problems.push(`unclosed "\${" in ${JSON.stringify(value)}`);
        break;
      }
      problems.push(...checkBraced(value.slice(dollar + 2, end), env));
      index = end + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(dollar + 1));
    if (bare === null) {
      problems.push(`invalid interpolation: a lone "$" in ${JSON.stringify(value)} (write "$$")`);
      index = dollar + 1;
      continue;
    }
    index = dollar + 1 + bare[0].length;
  }
  return problems;
}

function findClosingBrace(value: string, start: number): number {
  let depth = 1;
  for (let index = start; index < value.length; index++) {
    if (value[index] === '$' && value[index + 1] === '$') {
      index++;
    } else if (value[index] === '$' && value[index + 1] === '{') {
      depth++;
      index++;
    } else if (value[index] === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function checkBraced(
  expression: string,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const match = /^([^:?+-]*)(:?[-?+])?([\s\S]*)$/.exec(expression);
  const name = match?.[1] ?? '';
  const operator = match?.[2];
  const rest = match?.[3] ?? '';
  if (!namePattern.test(name)) {
    return [`invalid interpolation: "\${${expression}}" does not name a variable`];
  }
  if (operator === undefined) {
    return rest === '' ? [] : [`invalid interpolation: "\${${expression}}"`];
  }
  const value = env[name];
  const isUnset = value === undefined;
  const isUnsetOrEmpty = isUnset || value === '';
  switch (operator) {
    case ':?':
    case '?':
      if (operator === ':?' ? isUnsetOrEmpty : isUnset) {
        return [`${name} is required${rest === '' ? '' : `: ${rest}`}`];
      }
      return [];
    case ':-':
      return isUnsetOrEmpty ? findInterpolationProblems(rest, env) : [];
    case '-':
      return isUnset ? findInterpolationProblems(rest, env) : [];
    case ':+':
      return isUnsetOrEmpty ? [] : findInterpolationProblems(rest, env);
    default:
      return isUnset ? [] : findInterpolationProblems(rest, env);
  }
}
