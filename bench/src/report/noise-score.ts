import type { Interference } from '../proc/measure-interference.js';

/** Above these, other people's processes took enough of a core to bend the figures. */
export const QUIET_LIMITS = { serverCoreOtherPercent: 15, loadCoreOtherPercent: 25 } as const;

/**
 * How much a measurement was disturbed by the rest of the machine (0 = alone on both cores),
 * and whether that is little enough to keep it without a rerun.
 *
 * @example
 * noiseScore({ loadProcessPercent: 40, loadCoreOtherPercent: 3, serverCoreOtherPercent: 2 });
 * // { score: 5, isQuiet: true }
 */
export function noiseScore(
  interference: Interference | undefined,
  options: { hasServerProcess: boolean } = { hasServerProcess: true },
): { score: number; isQuiet: boolean } {
  if (!interference) return { score: 0, isQuiet: true };
  const { loadCoreOtherPercent } = interference;
  // `direct` runs nothing on the server core, so what others do there cannot touch its figures.
  const serverCoreOtherPercent = options.hasServerProcess ? interference.serverCoreOtherPercent : 0;
  return {
    score: serverCoreOtherPercent + loadCoreOtherPercent,
    isQuiet:
      serverCoreOtherPercent <= QUIET_LIMITS.serverCoreOtherPercent &&
      loadCoreOtherPercent <= QUIET_LIMITS.loadCoreOtherPercent,
  };
}
