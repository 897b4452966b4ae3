/**
 * Whether a parsed JSON value nests at most `maxDepth` objects or arrays deep (a scalar is depth
 * 0, `{}` depth 1). Iterative, so a value nested deeper than the stack allows is still answered,
 * and it stops at the first level past the limit.
 *
 * @example
 * isJsonDepthAtMost({ a: [1] }, 2); // true
 * isJsonDepthAtMost({ a: [[1]] }, 2); // false
 */
export function isJsonDepthAtMost(value: unknown, maxDepth: number): boolean {
  const pending: Array<[value: unknown, depth: number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) return false;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return true;
}
