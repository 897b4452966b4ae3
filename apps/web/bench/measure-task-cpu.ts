/** What the page's main thread spent on its longest tasks, in CPU time rather than wall time. */
export interface TaskCpu {
  /** The longest task's CPU time, in ms; undefined when the trace has no thread clock. */
  longestMs: number | undefined;
  /** Tasks whose CPU time alone exceeded 50 ms. */
  over50Count: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const taskNames = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * Reads a Chrome trace (category `toplevel`) of the measured window. A long task's wall time
 * also counts the time the OS gave the core to other processes; its thread time does not, so the
 * two together tell a slow frame from a preempted one.
 */
export function measureTaskCpu(trace: Buffer | string): TaskCpu {
  const parsed = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events
      .filter((event) => event.ph === 'M' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  // The page's renderer is the main thread that worked the most.
  const busy = new Map<string, number>();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph === 'X' && taskNames.has(event.name) && mainThreads.has(thread)) {
      busy.set(thread, (busy.get(thread) ?? 0) + (event.dur ?? 0));
    }
  }
  const page = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const cpu = events
    .filter((event) => event.ph === 'X' && taskNames.has(event.name))
    .filter((event) => `${event.pid}:${event.tid}` === page && event.tdur !== undefined)
    .map((event) => (event.tdur ?? 0) / 1000);
  return {
    longestMs: cpu.length === 0 ? undefined : Math.max(...cpu),
    over50Count: cpu.filter((ms) => ms > 50).length,
  };
}
