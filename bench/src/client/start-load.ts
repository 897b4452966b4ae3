import { setMaxListeners } from 'node:events';
import type { LoadShape } from '../scenarios/scenario.js';
import { promptFor } from '../upstream/prompt-for.js';
import type { Upstream } from '../upstream/start-upstream.js';
import { createStreamPlan, type StreamPlan } from '../upstream/stream-plan.js';
import { type StreamOutcome, type StreamTarget, startStream } from './start-stream.js';

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
 * Starts every stream of a load in one event-loop turn, so 1,000 streams really begin at once.
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
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  // Every stream listens on this one signal: 1,000 listeners are expected, not a leak.
  setMaxListeners(0, signal);
  const plans = Array.from({ length: shape.streams }, () =>
    createStreamPlan({
      tokens: shape.tokens,
      tokensPerSecond: shape.tokensPerSecond,
      isRecording: options.isRecording ?? true,
      ...(shape.tokenBytes === undefined ? {} : { tokenBytes: shape.tokenBytes }),
    }),
  );
  for (const plan of plans) upstream.register(plan);
  const streams = plans.map((plan) =>
    startStream(target, plan, {
      prompt: promptFor(plan),
      signal,
      ...(options.readBytesPerSecond === undefined
        ? {}
        : { readBytesPerSecond: options.readBytesPerSecond }),
    }),
  );
  const finished = Promise.all(streams.map((stream) => stream.finished)).finally(() => {
    for (const plan of plans) upstream.release(plan);
  });
  return { plans, outcomes: streams.map((stream) => stream.outcome), finished };
}
