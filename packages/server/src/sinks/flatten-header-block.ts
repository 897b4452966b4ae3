/** Node's `OutgoingMessage` field holding the header block once `writeHead` has built it. */
interface HeaderBlockHolder {
  readonly _header?: unknown;
}

// Where the read below goes: a module variable is observable, so no compiler drops the read
// that flattens the string as unused (an unused `Number(header)` was dropped once optimized).
let lastHeaderByte = 0;

/**
 * Flattens the header block Node keeps for a response's whole life. `writeHead` builds it by
 * appending each header to a string (`_storeHeader`), and V8 keeps such a string as the rope of
 * its concatenations: for the protocol's headers, 27 nodes of 32 bytes besides the characters,
 * about 0.9 KB per open stream, hours for a long answer. Reading a character needs the characters
 * in one piece, so V8 flattens the rope in place first: its top node then points to one flat
 * copy, and the inner nodes go to the collector. Nothing else changes: the same characters, which
 * only Node reads. Anything without a string `_header` (another host, no `writeHead` yet) is
 * left as it is.
 *
 * @example
 * response.writeHead(200, { 'content-type': 'text/event-stream' });
 * flattenHeaderBlock(response);
 */
export function flattenHeaderBlock(response: object): void {
  const header = (response as HeaderBlockHolder)._header;
  if (typeof header === 'string' && header.length > 0) {
    lastHeaderByte = header.charCodeAt(header.length - 1);
  }
}

/** The last byte of the last header block flattened (a CR-LF block ends in 10); for tests. */
export function lastFlattenedHeaderByte(): number {
  return lastHeaderByte;
}
