import { performance } from 'node:perf_hooks';
import type { LoadShape } from '../scenarios/scenario.js';
import { promptFor } from '../upstream/prompt-for.js';
import type { Upstream } from '../upstream/start-upstream.js';
import { createStreamPlan, type StreamPlan } from '../upstream/stream-plan.js';
import {
  type RunningStream,
  type StreamOutcome,
  type StreamTarget,
  startStream,
} from './start-stream.js';

/** Options of {@link startLoad}. */
export interface StartLoadOptions {
  timeoutMs: number;
  /** S4's slow readers. */
  readBytesPerSecond?: number;
  /** Aborting with reason `'stop'` ends every stream as planned (S4). */
  signal?: AbortSignal;
  /** Record per-token times (false for S4's endless streams). Default true. */
  isRecording?: boolean;
}

/** A load under way: plans and outcomes fill in live. */
export interface RunningLoad {
  plans: StreamPlan[];
  outcomes: StreamOutcome[];
  /** Every outcome, once all streams have ended or the deadline has passed. */
  finished: Promise<StreamOutcome[]>;
}

/**
 * Starts the streams of a load: all in one event-loop turn, so 1,000 streams really begin at
 * once, or, when the shape has `arrivalsPerSecond`, open-loop at that steady rate (stream i is
 * due i / rate seconds after the first, and a late timer starts every stream already due, so a
 * slow system never slows the arrivals down).
 *
 * @example
 * const outcomes = await startLoad(upstream, target, { streams: 100, tokens: 200, tokensPerSecond: 50 }, { timeoutMs: 60_000 }).finished;
 */
export function startLoad(
  upstream: Upstream,
  target: StreamTarget,
  shape: LoadShape,
  options: StartLoadOptions,
): RunningLoad {
  const arrivalMs =
    shape.arrivalsPerSecond === undefined ? 0 : (shape.streams / shape.arrivalsPerSecond) * 1000;
  // The deadline counts from the last arrival: it bounds each stream, not the arrivals.
  const deadline = AbortSignal.timeout(options.timeoutMs + arrivalMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const plans = Array.from({ length: shape.streams }, () =>
    createStreamPlan({
      tokens: shape.tokens,
      tokensPerSecond: shape.tokensPerSecond,
      isRecording: options.isRecording ?? true,
      ...(shape.tokenBytes === undefined ? {} : { tokenBytes: shape.tokenBytes }),
    }),
  );
  for (const plan of plans) upstream.register(plan);
  const outcomes: StreamOutcome[] = [];
  const pending: Promise<StreamOutcome>[] = [];
  // One listener stops every stream still running. A listener per stream on the shared signal
  // cost O(n) each, since EventTarget scans its listeners for a duplicate on every add: the load
  // core's largest single function while S6's 9,000 streams arrived (BENCHMARKS.md, round 20).
  const running = new Set<RunningStream>();
  const stopRunning = () => {
    for (const stream of running) stream.abort(signal.reason);
  };
  signal.addEventListener('abort', stopRunning, { once: true });
  const start = (plan: StreamPlan) => {
    const stream = startStream(target, plan, {
      prompt: promptFor(plan),
      // Past the deadline the stream ends before its request is sent, as the signal says.
      ...(signal.aborted ? { signal } : {}),
      ...(options.readBytesPerSecond === undefined
        ? {}
        : { readBytesPerSecond: options.readBytesPerSecond }),
    });
    outcomes.push(stream.outcome);
    running.add(stream);
    pending.push(
      stream.finished.then((outcome) => {
        running.delete(stream);
        return outcome;
      }),
    );
  };
  const rate = shape.arrivalsPerSecond;
  let allStarted: Promise<void>;
  if (rate === undefined) {
    for (const plan of plans) start(plan);
    allStarted = Promise.resolve();
  } else {
    allStarted = new Promise<void>((resolve) => {
      const first = performance.now();
      const tick = () => {
        // Past the deadline every stream left is due: each ends at once as timed out.
        const due = signal.aborted
          ? plans.length
          : Math.min(plans.length, Math.floor(((performance.now() - first) / 1000) * rate) + 1);
        while (outcomes.length < due) start(plans[outcomes.length] as StreamPlan);
        if (outcomes.length === plans.length) {
          resolve();
          return;
        }
        setTimeout(tick, Math.max(1, first + (outcomes.length / rate) * 1000 - performance.now()));
      };
      tick();
    });
  }
  const finished = allStarted
    .then(() => Promise.all(pending))
    .finally(() => {
      signal.removeEventListener('abort', stopRunning);
      for (const plan of plans) upstream.release(plan);
    });
  return { plans, outcomes, finished };
}
