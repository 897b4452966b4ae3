import type { StreamRecording } from '../record-stream.js';

/** How a proxied stream's token arrivals compare with a direct one's, started at the same time. */
export interface ArrivalComparison {
  tokens: number;
  /** Per token: (arrival through the proxy − its request start) − (the same, direct), in ms. */
  medianExtraMs: number;
  p95ExtraMs: number;
  maxExtraMs: number;
  /** Socket reads that carried body bytes: batching shows up as far fewer reads through the proxy. */
  directReads: number;
  proxiedReads: number;
  /** First to last token, in ms: a held-back answer arrives in one burst, with no spread. */
  directSpreadMs: number;
  proxiedSpreadMs: number;
}

/** Compares two recordings of the same answer, token by token. */
export function compareArrivals(
  direct: StreamRecording,
  proxied: StreamRecording,
): ArrivalComparison {
  const tokenOffsets = (recording: StreamRecording): number[] =>
    recording.frames
      .filter((frame) => frame.data?.includes('"type":"text-delta"'))
      .map((frame) => frame.at - recording.startedAt);
  const directOffsets = tokenOffsets(direct);
  const proxiedOffsets = tokenOffsets(proxied);
  if (directOffsets.length !== proxiedOffsets.length || directOffsets.length < 2) {
    throw new Error(
      `token counts differ or are too small: ${directOffsets.length} direct, ${proxiedOffsets.length} proxied`,
    );
  }
  const extras = proxiedOffsets
    .map((offset, index) => offset - (directOffsets[index] ?? 0))
    .sort((a, b) => a - b);
  const at = (fraction: number): number =>
    extras[Math.min(extras.length - 1, Math.floor(fraction * extras.length))] ?? 0;
  const spread = (offsets: number[]): number => (offsets.at(-1) ?? 0) - (offsets[0] ?? 0);
  return {
    tokens: directOffsets.length,
    medianExtraMs: round(at(0.5)),
    p95ExtraMs: round(at(0.95)),
    maxExtraMs: round(extras.at(-1) ?? 0),
    directReads: direct.reads.length,
    proxiedReads: proxied.reads.length,
    directSpreadMs: round(spread(directOffsets)),
    proxiedSpreadMs: round(spread(proxiedOffsets)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
