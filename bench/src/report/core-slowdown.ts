/** Each core's median time for the speed probe's unit of work during a measurement, in µs. */
export interface CoreSpeed {
  loadCoreUnitMicros: number;
  serverCoreUnitMicros: number;
}

/**
 * Above this, a core ran slow enough during a measurement to take it again. Measured windows
 * spread about ±10 % around the machine's usual speed; its slow spells run the unit about 1.7×
 * as long (BENCHMARKS.md, round 34).
 */
export const SLOWED_RATIO = 1.25;

/**
 * How much slower the slower of the two cores ran during a measurement than the fastest the
 * machine has been in this run (1: full speed), and whether that is enough to measure again.
 * Without a reading it is 1: nothing says the machine was slow.
 *
 * @example
 * coreSlowdown({ loadCoreUnitMicros: 800, serverCoreUnitMicros: 1_400 }, 790);
 * // { ratio: 1.77…, isSlowed: true }
 */
export function coreSlowdown(
  speed: CoreSpeed | undefined,
  fastestMicros: number,
): { ratio: number; isSlowed: boolean } {
  // A missing or NaN reading, or a NaN reference, makes a NaN ratio: left out.
  const ratios = [speed?.loadCoreUnitMicros, speed?.serverCoreUnitMicros]
    .map((micros) => (micros ?? Number.NaN) / fastestMicros)
    .filter(Number.isFinite);
  const ratio = Math.max(1, ...ratios);
  return { ratio, isSlowed: ratio > SLOWED_RATIO };
}
