const HASH = 0x23;
const ZERO = 0x30;
const NINE = 0x39;
/** Longer digit runs cannot be a marker of ours; giving up keeps the number exact. */
const MAX_DIGITS = 9;

/** Finds `#<digits>#` markers in a byte stream cut anywhere (see {@link createMarkerScanner}). */
export interface MarkerScanner {
  /** Scans one chunk and calls `onMarker` for each complete marker, in order. */
  push(chunk: Uint8Array, onMarker: (seq: number) => void): void;
}

/**
 * A byte-level scanner for token markers. The state (inside a marker or not, digits so far)
 * carries across chunks, because TCP and every proxy on the way may cut a marker in two. It
 * jumps between `#` bytes with `indexOf` (memchr), so the load client stays cheap even when it
 * reads 20,000 tokens a second on one core.
 *
 * @example
 * const scanner = createMarkerScanner();
 * const seen: number[] = [];
 * scanner.push(Buffer.from('data: {"delta":"#1'), (seq) => seen.push(seq));
 * scanner.push(Buffer.from('2# "}'), (seq) => seen.push(seq)); // seen = [12]
 */
export function createMarkerScanner(): MarkerScanner {
  let isInside = false;
  let value = 0;
  let digits = 0;
  return {
    push(chunk, onMarker) {
      let index = 0;
      const length = chunk.length;
      while (index < length) {
        if (!isInside) {
          const next = chunk.indexOf(HASH, index);
          if (next === -1) return;
          isInside = true;
          value = 0;
          digits = 0;
          index = next + 1;
          continue;
        }
        const byte = chunk[index] as number;
        index++;
        if (byte >= ZERO && byte <= NINE) {
          value = value * 10 + (byte - ZERO);
          digits++;
          if (digits > MAX_DIGITS) isInside = false;
        } else if (byte === HASH) {
          if (digits > 0) {
            onMarker(value);
            isInside = false;
          }
          // `##`: the second `#` may open a marker of its own, so stay inside with no digits.
        } else {
          isInside = false;
        }
      }
    },
  };
}
