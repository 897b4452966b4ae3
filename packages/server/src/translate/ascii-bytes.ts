/**
 * The bytes of an ASCII text, one per character, for the constant names and heads the content
 * fast path compares and copies byte by byte.
 *
 * @example
 * asciiBytes('id: '); // Uint8Array [105, 100, 58, 32]
 */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
