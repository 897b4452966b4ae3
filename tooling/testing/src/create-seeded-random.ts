/**
 * A seeded pseudo-random generator (mulberry32) giving numbers in [0, 1): the same seed gives the
 * same sequence on every machine, so a failing fuzz case or a benchmark's input can be replayed.
 * Not for anything secret.
 *
 * @example
 * const random = createSeededRandom(20261204);
 * const index = Math.floor(random() * 10);
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
