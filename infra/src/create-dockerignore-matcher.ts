/**
 * Builds the test BuildKit applies to a context path with a `.dockerignore`'s patterns: `*`, `?`
 * and `**` globs, `!` to re-include, the last matching pattern wins, and a path inside an
 * excluded folder is excluded too.
 *
 * @example
 * const isIgnored = createDockerignoreMatcher(['**\/dist', '!keep/dist']);
 * isIgnored('apps/web/dist/index.html'); // true
 * isIgnored('keep/dist/file'); // false
 */
export function createDockerignoreMatcher(patterns: readonly string[]): (path: string) => boolean {
  const rules = patterns
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '' && !pattern.startsWith('#'))
    .map((pattern) => {
      const isNegated = pattern.startsWith('!');
      const glob = (isNegated ? pattern.slice(1) : pattern).replace(/^\/+/, '').replace(/\/+$/, '');
      return { isNegated, regex: globToRegex(glob) };
    });

  const isExcludedExactly = (path: string): boolean => {
    let isExcluded = false;
    for (const rule of rules) {
      if (rule.regex.test(path)) isExcluded = !rule.isNegated;
    }
    return isExcluded;
  };

  return (path) => {
    const segments = path
      .replace(/^\.?\/+/, '')
      .split('/')
      .filter(Boolean);
    for (let length = 1; length <= segments.length; length++) {
      if (isExcludedExactly(segments.slice(0, length).join('/'))) return true;
    }
    return false;
  };
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index] ?? '';
    if (character === '*' && glob[index + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches everything below.
      if (glob[index + 2] === '/') {
        source += '(?:.*/)?';
        index += 2;
      } else {
        source += '.*';
        index += 1;
      }
    } else if (character === '*') {
      source += '[^/]*';
    } else if (character === '?') {
      source += '[^/]';
    } else {
      source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
