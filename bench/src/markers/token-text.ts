/**
 * The text of token `seq`: its sequence number between two `#`. Plain ASCII that JSON never
 * escapes, so the marker reads the same in raw OpenAI SSE, the SDK's NDJSON and tokenwire's
 * frames, and no framing around it (ids, keys, `id:` lines) contains a `#`.
 *
 * @example
 * tokenText(7); // '#7# '
 */
export function tokenText(seq: number): string {
  return `#${seq}# `;
}
