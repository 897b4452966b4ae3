/** CPU time a process has used, from `/proc/<pid>/stat`, in clock ticks. */
export interface ProcStat {
  /** Ticks in user mode, all threads (field 14). */
  userTicks: number;
  /** Ticks in kernel mode, all threads (field 15): syscalls, socket writes. */
  systemTicks: number;
}

/**
 * Reads utime and stime from the text of `/proc/<pid>/stat`. The command name (field 2) is in
 * parentheses and may itself contain spaces and `)`, so fields are counted from the last `)`.
 *
 * @example
 * parseProcStat('42 (node) S 1 42 42 0 -1 4194560 9 0 0 0 120 30 0 0 20 0 7 0 10 0 0');
 * // { userTicks: 120, systemTicks: 30 }
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  if (close === -1) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ") " the first field is field 3 (state), so field n is at index n - 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const userTicks = Number(fields[14 - 3]);
  const systemTicks = Number(fields[15 - 3]);
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) {
    throw new Error(`no utime/stime in /proc/<pid>/stat: ${text.slice(0, 80)}`);
  }
  return { userTicks, systemTicks };
}
