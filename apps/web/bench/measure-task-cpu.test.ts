import { describe, expect, it } from 'vitest';
import { measureTaskCpu } from './measure-task-cpu.js';

const thread = (pid: number, tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  pid,
  tid,
  args: { name },
});
const task = (pid: number, tid: number, durMs: number, cpuMs?: number) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  pid,
  tid,
  dur: durMs * 1000,
  ...(cpuMs === undefined ? {} : { tdur: cpuMs * 1000 }),
});

describe('measureTaskCpu', () => {
  it("reads the busiest renderer main thread's tasks by thread time, not wall time", () => {
    const trace = {
      traceEvents: [
        thread(1, 1, 'CrBrowserMain'),
        thread(2, 2, 'CrRendererMain'),
        thread(3, 3, 'CrRendererMain'),
        // A preempted frame: 120 ms on the wall clock, 18 ms on the thread's own.
        task(2, 2, 120, 18),
        task(2, 2, 70, 61),
        task(2, 2, 10, 9),
        // An idle renderer (about:blank) and the browser process do not count.
        task(3, 3, 5, 90),
        task(1, 1, 300, 200),
      ],
    };
    expect(measureTaskCpu(JSON.stringify(trace))).toEqual({ longestMs: 61, over50Count: 1 });
  });

  it('says so when the trace has no thread clock', () => {
    const trace = [thread(2, 2, 'CrRendererMain'), task(2, 2, 80)];
    expect(measureTaskCpu(Buffer.from(JSON.stringify(trace)))).toEqual({
      longestMs: undefined,
      over50Count: 0,
    });
  });
});
