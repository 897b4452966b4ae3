import type { CpuSnapshot } from './take-cpu-snapshot.js';

/** How much of each pinned core went to what, over a measurement. */
export interface Interference {
  /** % of the load core used by the load process (≈ 100: the harness itself was the limit). */
  loadProcessPercent: number;
  /** % of the load core used by anything else on the machine. */
  loadCoreOtherPercent: number;
  /** % of the server core used by anything but the system under test (and its nginx). */
  serverCoreOtherPercent: number;
}

/**
 * Compares two snapshots: the cores' busy time minus our processes' CPU time is what other
 * people's processes took from our cores — the noise of a shared machine, shown beside each
 * row so a contaminated figure can be recognized (and rerun).
 *
 * @example
 * measureInterference(before, after, { loadCore: 0, serverCore: 1 });
 * // { loadProcessPercent: 41.2, loadCoreOtherPercent: 3.1, serverCoreOtherPercent: 0.4 }
 */
export function measureInterference(
  before: CpuSnapshot,
  after: CpuSnapshot,
  cores: { loadCore: number; serverCore: number },
): Interference {
  const wall = (after.at - before.at) / 1000;
  const busy = (core: number) =>
    (after.coreBusySeconds.get(core) ?? 0) - (before.coreBusySeconds.get(core) ?? 0);
  const used = (index: number) =>
    (after.processSeconds[index] ?? 0) - (before.processSeconds[index] ?? 0);
  const load = used(0);
  let server = 0;
  for (let index = 1; index < after.processSeconds.length; index++) server += used(index);
  const percent = (seconds: number) =>
    wall > 0 ? Math.max(0, Math.min(100, (seconds / wall) * 100)) : Number.NaN;
  return {
    loadProcessPercent: percent(load),
    loadCoreOtherPercent: percent(busy(cores.loadCore) - load),
    serverCoreOtherPercent: percent(busy(cores.serverCore) - server),
  };
}
