import type { StreamRecording } from '../record-stream.js';
import type { TappedChunk } from './start-tap.js';

/** How the tokens of one answer reached the client through nginx, against when they left the API. */
export interface ArrivalComparison {
  tokens: number;
  /** Per token: arrival at the client through nginx − departure from the API, in ms. */
  medianExtraMs: number;
  p95ExtraMs: number;
  maxExtraMs: number;
  /** Writes of the answer seen leaving the API, and socket reads at the client: batching shows up as far fewer reads. */
  directReads: number;
  proxiedReads: number;
  /** First to last token, in ms: a held-back answer arrives in one burst, with no spread. */
  directSpreadMs: number;
  proxiedSpreadMs: number;
}

const tokenFrame = /"type":"text-delta"[^\n]*\n\n/g;

/**
 * Compares, token by token, when each text-delta frame left the API (seen by a tap between
 * nginx and the API) with when the client had it. Both clocks are this process's
 * `performance.now()`, and both see the very same bytes.
 */
export function compareArrivals(
  direct: readonly TappedChunk[],
  proxied: StreamRecording,
): ArrivalComparison {
  const departures: number[] = [];
  let text = '';
  for (const chunk of direct) {
    text += chunk.text;
    const total = text.match(tokenFrame)?.length ?? 0;
    while (departures.length < total) departures.push(chunk.at);
  }
  const arrivals = proxied.frames
    .filter((frame) => frame.data?.includes('"type":"text-delta"'))
    .map((frame) => frame.at);
  if (departures.length !== arrivals.length || arrivals.length < 2) {
    throw new Error(
      `token counts differ or are too small: ${departures.length} left the API, ${arrivals.length} arrived`,
    );
  }
  const extras = arrivals
    .map((arrival, index) => arrival - (departures[index] ?? 0))
    .sort((a, b) => a - b);
  const at = (fraction: number): number =>
    extras[Math.min(extras.length - 1, Math.floor(fraction * extras.length))] ?? 0;
  const spread = (times: number[]): number => (times.at(-1) ?? 0) - (times[0] ?? 0);
  return {
    tokens: arrivals.length,
    medianExtraMs: round(at(0.5)),
    p95ExtraMs: round(at(0.95)),
    maxExtraMs: round(extras.at(-1) ?? 0),
    directReads: direct.length,
    proxiedReads: proxied.reads.length,
    directSpreadMs: round(spread(departures)),
    proxiedSpreadMs: round(spread(arrivals)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
