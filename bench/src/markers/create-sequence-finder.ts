/** Tells whether a byte sequence has appeared in a stream (see {@link createSequenceFinder}). */
export interface SequenceFinder {
  push(chunk: Uint8Array): void;
  readonly hasFound: boolean;
}

/**
 * Watches a byte stream for one ASCII sequence (a terminator like `data: [DONE]`), including
 * when a chunk boundary cuts it: the last `needle.length - 1` bytes are kept and searched
 * together with the start of the next chunk.
 *
 * @example
 * const finder = createSequenceFinder('data: [DONE]');
 * finder.push(Buffer.from('data: [DO'));
 * finder.push(Buffer.from('NE]\n\n'));
 * finder.hasFound; // true
 */
export function createSequenceFinder(needle: string): SequenceFinder {
  const pattern = Buffer.from(needle, 'latin1');
  const keep = pattern.length - 1;
  let tail = Buffer.alloc(0);
  let hasFound = false;
  return {
    push(chunk) {
      if (hasFound || chunk.length === 0) return;
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      if (tail.length > 0) {
        const seam = Buffer.concat([tail, bytes.subarray(0, keep)]);
        if (seam.indexOf(pattern) !== -1) {
          hasFound = true;
          return;
        }
      }
      if (bytes.indexOf(pattern) !== -1) {
        hasFound = true;
        return;
      }
      tail = Buffer.from(
        bytes.length >= keep
          ? bytes.subarray(bytes.length - keep)
          : Buffer.concat([tail, bytes]).subarray(-keep),
      );
    },
    get hasFound() {
      return hasFound;
    },
  };
}
