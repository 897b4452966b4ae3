/** Memory figures from `/proc/<pid>/status`, in bytes. */
export interface ProcStatus {
  /** Resident set size now. */
  rssBytes: number;
  /** Peak resident set size over the process's life ("high water mark"). */
  peakRssBytes: number;
}

/**
 * Reads VmRSS and VmHWM from the text of `/proc/<pid>/status` (the kernel prints them in kB,
 * meaning KiB).
 *
 * @example
 * parseProcStatus('Name:\tnode\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\n');
 * // { rssBytes: 41943040, peakRssBytes: 52428800 }
 */
export function parseProcStatus(text: string): ProcStatus {
  const read = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`no ${key} in /proc/<pid>/status`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: read('VmRSS'), peakRssBytes: read('VmHWM') };
}
