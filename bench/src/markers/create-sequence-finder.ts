/** Tells whether a byte sequence has appeared in a stream (see {@link createSequenceFinder}). */
export interface SequenceFinder {
  push(chunk: Uint8Array): void;
  readonly hasFound: boolean;
}

/**
 * Watches a byte stream for one ASCII sequence (a terminator like `data: [DONE]`), including
 * when a chunk boundary cuts it: the last `needle.length - 1` bytes are kept and the seam
 * between them and the next chunk is compared in place. It allocates nothing per chunk: the
 * load client runs a finder or two per stream on every chunk of 1,000 streams, and a copy of
 * the tail per chunk made the load's own collector (and so its lag) depend on how a system cuts
 * its frames.
 *
 * @example
 * const finder = createSequenceFinder('data: [DONE]');
 * finder.push(Buffer.from('data: [DO'));
 * finder.push(Buffer.from('NE]\n\n'));
 * finder.hasFound; // true
 */
export function createSequenceFinder(needle: string): SequenceFinder {
  const pattern = Buffer.from(needle, 'latin1');
  if (pattern.length === 0) throw new RangeError('The sequence to find must not be empty.');
  const keep = pattern.length - 1;
  const tail = new Uint8Array(keep);
  let tailLength = 0;
  let hasFound = false;

  /** Whether the pattern starts at `start` of tail + chunk, with `start` inside the tail. */
  const matchesAcrossSeam = (chunk: Uint8Array, start: number): boolean => {
    for (let index = 0; index < pattern.length; index++) {
      const at = start + index;
      const byte = at < tailLength ? tail[at] : chunk[at - tailLength];
      if (byte === undefined || byte !== pattern[index]) return false;
    }
    return true;
  };

  return {
    push(chunk) {
      if (hasFound || chunk.length === 0) return;
      for (let start = 0; start < tailLength; start++) {
        if (matchesAcrossSeam(chunk, start)) {
          hasFound = true;
          return;
        }
      }
      const bytes = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      if (bytes.indexOf(pattern) !== -1) {
        hasFound = true;
        return;
      }
      // The last `keep` bytes of tail + chunk become the tail.
      const fromChunk = Math.min(chunk.length, keep);
      const keptOfTail = Math.min(tailLength, keep - fromChunk);
      tail.copyWithin(0, tailLength - keptOfTail, tailLength);
      for (let index = 0; index < fromChunk; index++) {
        tail[keptOfTail + index] = chunk[chunk.length - fromChunk + index] as number;
      }
      tailLength = keptOfTail + fromChunk;
    },
    get hasFound() {
      return hasFound;
    },
  };
}
