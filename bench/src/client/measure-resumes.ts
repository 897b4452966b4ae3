import { createEventDecoder } from '@tokenwire/protocol';
import { createSeededRandom } from '@tokenwire/testing';
import { promptFor } from '../upstream/prompt-for.js';
import type { Upstream } from '../upstream/start-upstream.js';
import { createStreamPlan } from '../upstream/stream-plan.js';

/** Options of {@link measureResumes}. */
export interface MeasureResumesOptions {
  upstream: Upstream;
  /** Where answers are started (`POST /api/chat`). */
  ownerOrigin: string;
  /** Where they are resumed (`GET /api/chat/:id`): the owner, or another replica sharing Redis. */
  resumeOrigin: string;
  body: (prompt: string) => string;
  resumes: number;
  /** Resumes measured at once, each lane one after another. */
  lanes: number;
  tokens: number;
  tokensPerSecond: number;
  /** How long the client stays away between the cut and the reconnect. */
  gapMs: number;
  /** Seed of the cut points, so two runs cut at the same places. */
  seed: number;
}

/** What {@link measureResumes} saw. */
export interface ResumeSamples {
  /** Reconnect sent → first replayed event decoded, per resume, in ms. */
  latencyMs: number[];
  errors: string[];
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Starts answers, cuts each at a random point in time (a dropped connection), waits
 * `gapMs`, reconnects with `Last-Event-ID` and times the reconnect until the first replayed
 * event. A first event that is not the one after the cut counts as an error, not a sample.
 *
 * @example
 * const { latencyMs } = await measureResumes({ upstream, ownerOrigin, resumeOrigin: ownerOrigin,
 *   body, resumes: 200, lanes: 4, tokens: 100, tokensPerSecond: 400, gapMs: 20, seed: 1 });
 */
export async function measureResumes(options: MeasureResumesOptions): Promise<ResumeSamples> {
  const random = createSeededRandom(options.seed);
  const durationMs = (1000 * options.tokens) / options.tokensPerSecond;
  // Cut points in time, after `start`: up to 80 % of the answer's length, so most resumes join a
  // running answer (the API may merge tokens into fewer events, so an event count would not do).
  const cuts = Array.from({ length: options.resumes }, () => random() * 0.8 * durationMs);
  const samples: ResumeSamples = { latencyMs: [], errors: [] };
  let next = 0;
  const lane = async () => {
    while (next < cuts.length) {
      const cut = cuts[next++] as number;
      try {
        samples.latencyMs.push(await resumeOnce(options, cut, random));
      } catch (error) {
        samples.errors.push(String((error as Error).message ?? error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, lane));
  return samples;
}

async function resumeOnce(
  options: MeasureResumesOptions,
  cutAfterMs: number,
  random: () => number,
): Promise<number> {
  const plan = createStreamPlan({
    tokens: options.tokens,
    tokensPerSecond: options.tokensPerSecond,
    isRecording: false,
  });
  options.upstream.register(plan);
  try {
    const first = await readUntil(
      fetch(`${options.ownerOrigin}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: options.body(promptFor(plan)),
      }),
      (seen, startedAt) => seen.length > 0 && performance.now() - startedAt >= cutAfterMs,
    );
    const start = first.events[0];
    if (start?.event.type !== 'start') throw new Error('the answer did not begin with start');
    // An answer that ended before its cut point is resumed from a random event before its end
    // instead: a replay of a finished answer, which a late reconnect gets.
    const isEnded = ['finish', 'error'].includes(first.events.at(-1)?.event.type ?? '');
    const lastSeq = isEnded
      ? first.events[Math.floor(random() * (first.events.length - 1))]?.seq
      : first.events.at(-1)?.seq;
    if (lastSeq === undefined) throw new Error('an event without a sequence number');
    await sleep(options.gapMs);
    const startedAt = performance.now();
    const resumed = await readUntil(
      fetch(`${options.resumeOrigin}/api/chat/${start.event.id}`, {
        headers: { 'last-event-id': String(lastSeq) },
      }),
      (seen) => seen.length >= 1,
    );
    const latencyMs = resumed.at - startedAt;
    const replayed = resumed.events[0]?.seq;
    if (replayed !== lastSeq + 1) {
      throw new Error(`resume after ${lastSeq} began at ${replayed ?? 'nothing'}`);
    }
    return latencyMs;
  } finally {
    options.upstream.release(plan);
  }
}

type Seen = Array<{ seq: number | undefined; event: { type: string; id?: string } }>;

/** Reads a protocol body until `isEnough`, then drops the connection. */
async function readUntil(
  pending: Promise<Response>,
  isEnough: (seen: Seen, startedAt: number) => boolean,
): Promise<{ events: Seen; at: number }> {
  const response = await pending;
  const startedAt = performance.now();
  if (response.status !== 200 || response.body === null) {
    throw new Error(`status ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  const events: Seen = [];
  const decoder = createEventDecoder({
    onEvent: (event, seq) => events.push({ seq, event: event as Seen[number]['event'] }),
  });
  const reader = response.body.getReader();
  try {
    while (!isEnough(events, startedAt)) {
      const { done, value } = await reader.read();
      if (done) break;
      decoder.push(value);
    }
    return { events, at: performance.now() };
  } finally {
    await reader.cancel().catch(() => {});
  }
}
