// Frames are small and made per token: slices of one shared block cost a view each, not an
// ArrayBuffer each (Node's allocUnsafe pools the same way; this runs on any runtime).
const POOL_BYTES = 64 * 1024;
let pool = new Uint8Array(POOL_BYTES);
let offset = 0;

/**
 * `length` uninitialised-by-contract bytes: the caller writes every one of them. Frames larger
 * than a quarter of the pool get their own buffer.
 *
 * @example
 * const frame = allocateBytes(5);
 * frame.set([104, 101, 108, 108, 111]);
 */
export function allocateBytes(length: number): Uint8Array {
  if (length > POOL_BYTES >>> 2) return new Uint8Array(length);
  if (offset + length > POOL_BYTES) {
    pool = new Uint8Array(POOL_BYTES);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + length);
  // 8-byte aligned, as Node's pool: the next slice starts on a fresh word.
  offset = (offset + length + 7) & ~7;
  return bytes;
}
