/**
 * One header of a Node message's `rawHeaders` (name, value, name, value…), its repeats joined
 * with `, ` as `IncomingMessage.headers` joins them; `undefined` when it is absent. `name` is
 * lower case. Reading `headers` instead builds an object of every header, which the message
 * keeps for its life: a streamed answer's, as long as the answer.
 *
 * @example
 * readRawHeader(['Content-Encoding', 'gzip', 'Keep-Alive', 'timeout=5'], 'keep-alive'); // 'timeout=5'
 */
export function readRawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const rawName = rawHeaders[index] as string;
    if (rawName.length !== name.length || rawName.toLowerCase() !== name) continue;
    const rawValue = rawHeaders[index + 1] as string;
    value = value === undefined ? rawValue : `${value}, ${rawValue}`;
  }
  return value;
}
