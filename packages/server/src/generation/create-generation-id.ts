const HEX_DIGITS = '0123456789abcdef';
/** Ids drawn from one CSPRNG call: a call per id cost ~5 µs of a chat's setup (Node pools randomUUID the same way). */
const IDS_PER_DRAW = 128;
const BYTES_PER_ID = 16;

let pool = new Uint8Array(0);
let offset = 0;

/**
 * A new generation id: `gen_` and 128 random bits in hex, from the platform's CSPRNG. Unguessable,
 * so an id can serve as the capability to read or stop its generation.
 *
 * @example
 * createGenerationId(); // 'gen_3f9c…' (36 characters)
 */
export function createGenerationId(): string {
  if (offset === pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(IDS_PER_DRAW * BYTES_PER_ID));
    offset = 0;
  }
  const codes = new Array<number>(4 + 2 * BYTES_PER_ID);
  codes[0] = 0x67; // g
  codes[1] = 0x65; // e
  codes[2] = 0x6e; // n
  codes[3] = 0x5f; // _
  for (let index = 0; index < BYTES_PER_ID; index++) {
    const byte = pool[offset + index] as number;
    codes[4 + 2 * index] = HEX_DIGITS.charCodeAt(byte >>> 4);
    codes[5 + 2 * index] = HEX_DIGITS.charCodeAt(byte & 15);
  }
  // Each id's bytes are used once, and cleared: a later read of the pool cannot give old ids away.
  pool.fill(0, offset, offset + BYTES_PER_ID);
  offset += BYTES_PER_ID;
  // One flat string: an id lives as long as its generation, and `+=` would keep a rope of 16 parts.
  return String.fromCharCode(...codes);
}
