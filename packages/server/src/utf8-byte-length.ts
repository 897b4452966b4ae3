/**
 * The UTF-8 size of a string without encoding it (Node's `Buffer.byteLength`, on any runtime).
 * A lone surrogate counts 3 bytes, as the encoder writes U+FFFD for it.
 *
 * @example
 * utf8ByteLength('héllo 👋'); // 11
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
