import { describe, expect, it } from 'vitest';
import { watchLoadLoop } from './watch-load-loop.js';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Holds the event loop in turns of `turnMs`, with a few ms of I/O between them, for `totalMs`. */
async function keepBusy(turnMs: number, totalMs: number): Promise<void> {
  const end = performance.now() + totalMs;
  while (performance.now() < end) {
    const turnEnd = performance.now() + turnMs;
    while (performance.now() < turnEnd) {
      // Spin: a turn that keeps every timer waiting.
    }
    await sleep(2);
  }
}

describe('watchLoadLoop', () => {
  it('tells a loop held in long turns from an idle one', async () => {
    const idle = watchLoadLoop();
    await sleep(1_200);
    const idleFigures = idle.stop();

    const busy = watchLoadLoop();
    await keepBusy(50, 1_200);
    const busyFigures = busy.stop();

    // Nearly all the time is in 50 ms turns: a moment waits about 25 ms; idle, about 0.5.
    expect(busyFigures.lagMs).toBeGreaterThan(15);
    expect(busyFigures.lagMs).toBeGreaterThan(idleFigures.lagMs + 10);
    expect(busyFigures.utilization).toBeGreaterThan(0.6);
    expect(idleFigures.utilization).toBeLessThan(busyFigures.utilization - 0.3);
  });

  it('weighs a busy second by its time, not by the few timers it fires', async () => {
    const watch = watchLoadLoop();
    await sleep(1_000);
    await keepBusy(200, 1_000);
    const { lagMs } = watch.stop();
    // About 900 gaps of 1 ms and 5 of 200 ms: their mean is about 2 ms; by time, half the
    // moments wait about 100 ms.
    expect(lagMs).toBeGreaterThan(30);
  });
});
