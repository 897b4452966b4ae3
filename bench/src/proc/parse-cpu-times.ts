/** One core's time from `/proc/stat`, in clock ticks. */
export interface CoreTimes {
  busyTicks: number;
  totalTicks: number;
}

/**
 * Reads the per-core lines (`cpu0 …`, `cpu1 …`) of `/proc/stat`. Busy is everything but idle and
 * iowait; steal counts as busy, since it is time the core was not ours either.
 *
 * @example
 * parseCpuTimes('cpu  9 0 9 9 0 0 0 0 0 0\ncpu1 100 2 40 800 8 0 5 1 0 0\n').get(1);
 * // { busyTicks: 148, totalTicks: 956 }
 */
export function parseCpuTimes(text: string): Map<number, CoreTimes> {
  const cores = new Map<number, CoreTimes>();
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal (guest and guest_nice are inside user/nice).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      (match[2] as string).trim().split(/\s+/).map(Number);
    const busyTicks = user + nice + system + irq + softirq + steal;
    cores.set(Number(match[1]), { busyTicks, totalTicks: busyTicks + idle + iowait });
  }
  return cores;
}
