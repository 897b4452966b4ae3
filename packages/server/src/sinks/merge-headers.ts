/**
 * The host's headers (CORS, for one) with the answer's own on top: a host header that names one
 * of `own` in any case gives way to it, so a stream is `text/event-stream` and an error answer
 * JSON whatever a middleware set. Built by copying, not by spreading: Node 20's V8 builds a
 * spread that adds properties to the first object's on a slow path (BENCHMARKS.md, round 19).
 *
 * @example
 * mergeHeaders({ 'access-control-allow-origin': '*', 'content-type': 'text/plain' }, { 'Content-Type': 'text/event-stream' });
 * // { 'access-control-allow-origin': '*', 'Content-Type': 'text/event-stream' }
 */
export function mergeHeaders(
  host: Readonly<Record<string, string>> | undefined,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  if (host !== undefined) {
    for (const name of Object.keys(host)) {
      if (!namesOneOf(name, own)) merged[name] = host[name] as string;
    }
  }
  return Object.assign(merged, own);
}

function namesOneOf(name: string, headers: Readonly<Record<string, string>>): boolean {
  const lowerCase = name.toLowerCase();
  for (const ownName of Object.keys(headers)) {
    if (ownName.length === lowerCase.length && ownName.toLowerCase() === lowerCase) return true;
  }
  return false;
}
