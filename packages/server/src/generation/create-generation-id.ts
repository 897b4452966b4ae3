/**
 * A new generation id: `gen_` and 128 random bits in hex, from the platform's CSPRNG. Unguessable,
 * so an id can serve as the capability to read or stop its generation.
 *
 * @example
 * createGenerationId(); // 'gen_3f9c…' (36 characters)
 */
export function createGenerationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = 'gen_';
  for (const byte of bytes) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return hex;
}
