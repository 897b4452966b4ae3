/**
 * How long an upstream asks to wait before a retry, in milliseconds: OpenAI's `retry-after-ms`,
 * else `Retry-After` as seconds or an HTTP date; `undefined` when it says nothing usable.
 *
 * @example
 * readRetryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 */
export function readRetryAfterMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
