import { performance } from 'node:perf_hooks';

/** How busy this process's own event loop (the load: upstream and client) was over a measurement. */
export interface LoadLoopFigures {
  /** Share of the time the loop was running callbacks rather than waiting for I/O, 0–1. */
  utilization: number;
  /**
   * How long something that arrives at a random moment waits for the loop to get to it, on
   * average, in ms: about 0.5 for an idle loop (the probe's own 1 ms timer), half a turn for a
   * loop busy in long turns. Every request, token and first token the load sends or reads waits
   * about this long in the load itself, whatever system is under test.
   */
  lagMs: number;
}

/** A watch started with {@link watchLoadLoop}. */
export interface LoadLoopWatch {
  /** Stops watching and returns the figures since the start. */
  stop(): LoadLoopFigures;
}

/**
 * Watches this process's event loop until `stop()` with a 1 ms timer chain: the gaps between its
 * firings tile the time, each as long as the turn it waited behind, so a moment falls in a gap of
 * length d with a chance ∝ d and waits d / 2: the mean wait is Σd² / 2Σd. (A mean over the
 * gaps, as `monitorEventLoopDelay` gives, lets a thousand idle gaps outvote one 200 ms turn.)
 *
 * The load process (upstream and client on one core) can itself be the bottleneck: when its
 * loop lags more than the system under test adds, a row's latencies measure the load more than
 * the system (BENCHMARKS.md, round 12).
 *
 * @example
 * const watch = watchLoadLoop();
 * await runTheLoad();
 * const { utilization, lagMs } = watch.stop();
 */
export function watchLoadLoop(): LoadLoopWatch {
  const startUtilization = performance.eventLoopUtilization();
  let last = performance.now();
  let sum = 0;
  let sumOfSquares = 0;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    sum += gap;
    sumOfSquares += gap * gap;
    timer = setTimeout(tick, 1);
    timer.unref();
  };
  timer = setTimeout(tick, 1);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
      tick();
      clearTimeout(timer);
      return {
        utilization: performance.eventLoopUtilization(startUtilization).utilization,
        lagMs: sum > 0 ? sumOfSquares / (2 * sum) : 0,
      };
    },
  };
}
