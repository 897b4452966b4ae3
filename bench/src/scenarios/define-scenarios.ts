import { SYSTEM_NAMES } from '../systems/system-definition.js';
import type { LoadShape, Scenario } from './scenario.js';

/**
 * The scenarios of BENCHMARKS.md at full size, or at quick size (`--quick`, for CI: the
 * same paths, small enough to finish in well under a minute, judged only on errors).
 *
 * `rounds` overrides how many rounds every scenario takes (`--rounds`).
 *
 * @example
 * defineScenarios({ isQuick: false })[1].load; // { streams: 100, tokens: 200, tokensPerSecond: 50 }
 */
export function defineScenarios(options: { isQuick: boolean; rounds?: number }): Scenario[] {
  const quick = options.isQuick;
  // Every scenario a ratio target judges (S2–S7) takes three rounds in a full run: single
  // rounds of S6's CPU per token ranged 1.16–1.61× for the same code, S4's RSS per stream
  // 1.31–1.61×, and S5's p99 landed either side of its bar.
  const targetRounds = options.rounds ?? (quick ? 1 : 3);
  const otherRounds = options.rounds ?? 1;
  // sdk-pipe runs where the cost of starting chats is what is measured (S3, S6, S7).
  const withSdkPipe = SYSTEM_NAMES;
  const all = SYSTEM_NAMES.filter((name) => name !== 'sdk-pipe');
  const hops = all.filter((name) => name !== 'direct');
  const s2Load = quick
    ? { streams: 10, tokens: 40, tokensPerSecond: 100 }
    : { streams: 100, tokens: 200, tokensPerSecond: 50 };
  // A warm-up keeps all of its streams open at once, so that each system ends it with one
  // upstream connection per stream in its pool. Run at full speed, a system that finished its
  // first chats before its last had started reused their connections, and began the measured
  // load with a fraction of the pool the other had: every connection it then opened was one more
  // for the busy upstream to accept (BENCHMARKS.md, round 12). A cold process takes a second or
  // more to start 1,000 chats; each warm-up stream of a burst stays open 3 s (1 s for a quick
  // run's 50 or 100).
  const warmupOf = (streams: number): LoadShape => ({
    streams,
    tokens: 4,
    tokensPerSecond: quick ? 3 : 1,
  });
  // 100 chats start within a tenth of a second; open 1 s each.
  const s2Warmup = { streams: s2Load.streams, tokens: 20, tokensPerSecond: 20 };
  return [
    {
      id: 'S1',
      title: quick
        ? 'one stream, 200 tokens as fast as possible'
        : 'one stream, 2,000 tokens as fast as possible (5 runs in a row)',
      kind: 'load',
      load: { streams: 1, tokens: quick ? 200 : 2000, tokensPerSecond: 0 },
      warmup: { streams: 1, tokens: quick ? 200 : 2000, tokensPerSecond: 0 },
      repeat: quick ? 1 : 5,
      rounds: otherRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: all,
    },
    {
      id: 'S2',
      title: `${s2Load.streams} concurrent streams × ${s2Load.tokens} tokens at ${s2Load.tokensPerSecond} tokens/s`,
      kind: 'load',
      load: s2Load,
      warmup: s2Warmup,
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: all,
    },
    {
      id: 'S3',
      title: quick
        ? '50 concurrent streams × 20 tokens at 50 tokens/s'
        : '1,000 concurrent streams × 100 tokens at 20 tokens/s',
      kind: 'load',
      load: quick
        ? { streams: 50, tokens: 20, tokensPerSecond: 50 }
        : { streams: 1000, tokens: 100, tokensPerSecond: 20 },
      warmup: warmupOf(quick ? 50 : 1000),
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: quick ? 30_000 : 120_000,
      isBehindNginx: false,
      systems: withSdkPipe,
    },
    {
      id: 'S4',
      title: quick
        ? '10 slow readers (512 KiB/s each) on a full-speed upstream of 4 KiB tokens, held 2 s'
        : '50 slow readers (512 KiB/s each) on a full-speed upstream of 4 KiB tokens, held 10 s once full',
      kind: 'slow-reader',
      // Tokens of 4 KiB: loopback TCP buffers hold ~10 MB per stream here, and filling them with
      // 5-byte tokens would take minutes of CPU; memory under backpressure is about bytes.
      load: {
        streams: quick ? 10 : 50,
        tokens: 1_000_000_000,
        tokensPerSecond: 0,
        tokenBytes: 4096,
      },
      warmup: { streams: 10, tokens: 200, tokensPerSecond: 0, tokenBytes: 4096 },
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: hops,
      slowReader: {
        // Far slower than the upstream, yet fast enough that a server keeping what it sent
        // grows by ~250 MB over the hold, well above what GC slack can hide.
        bytesPerSecond: 512 * 1024,
        maxFillMs: quick ? 8_000 : 20_000,
        holdMs: quick ? 2_000 : 10_000,
        sampleEveryMs: quick ? 100 : 200,
      },
    },
    {
      id: 'S5',
      title: `S2 through nginx (project template): ${s2Load.streams} × ${s2Load.tokens} tokens at ${s2Load.tokensPerSecond} tokens/s`,
      kind: 'load',
      load: s2Load,
      warmup: s2Warmup,
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: true,
      systems: ['node-pipe', 'tokenwire'],
    },
    {
      id: 'S6',
      title: quick
        ? '300 streams arriving at 300/s, 3 tokens at 2 tokens/s each'
        : '9,000 concurrent streams: arriving at 1,000/s, 20 tokens at 1 token/s each',
      kind: 'load',
      // 20 s per stream and 9 s of arrivals: all 9,000 open from 9 s to 20 s. Two sockets per
      // stream: 18,000 descriptors in the system under test and in this process, of 20,000.
      load: quick
        ? { streams: 300, arrivalsPerSecond: 300, tokens: 3, tokensPerSecond: 2 }
        : { streams: 9000, arrivalsPerSecond: 1000, tokens: 20, tokensPerSecond: 1 },
      // At full speed: its 9,000 streams open 8,000 connections whatever the warm-up leaves, and
      // its memory per stream is measured from the RSS after the warm-up, which 1,000 streams
      // held open for 3 s would leave grown, by more in one system than another.
      warmup: { streams: quick ? 100 : 1000, tokens: 5, tokensPerSecond: 0 },
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: ['node-pipe', 'sdk-pipe', 'tokenwire'],
    },
    {
      id: 'S7',
      title: quick
        ? 'steady arrivals: 200 streams at 100/s, 20 tokens at 20 tokens/s each'
        : 'steady arrivals: 3,000 streams at 200/s, 100 tokens at 20 tokens/s each (≈ 1,000 open)',
      kind: 'load',
      // Open loop: 200 new chats a second, each open 5 s, whatever the server's speed.
      load: quick
        ? { streams: 200, arrivalsPerSecond: 100, tokens: 20, tokensPerSecond: 20 }
        : { streams: 3000, arrivalsPerSecond: 200, tokens: 100, tokensPerSecond: 20 },
      warmup: warmupOf(quick ? 50 : 1000),
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: withSdkPipe,
    },
    {
      id: 'S8',
      title:
        '600 streams at once into a process limited to 1,024 open files (room for about 380 at two sockets each): 10 tokens at 5 tokens/s',
      kind: 'refusal',
      // The same in quick and full runs: small, and what it shows is all-or-nothing.
      load: { streams: 600, tokens: 10, tokensPerSecond: 5 },
      warmup: { streams: 20, tokens: 5, tokensPerSecond: 0 },
      repeat: 1,
      rounds: 1,
      timeoutMs: 30_000,
      isBehindNginx: false,
      systems: ['node-pipe', 'tokenwire'],
      openFileLimit: 1024,
    },
    {
      id: 'S9',
      title: quick
        ? 'a provider 20 ms away over TLS: 40 new chats at 40/s, 3 tokens at 2 tokens/s each'
        : 'a provider 20 ms away over TLS: 400 new chats at 100/s, 5 tokens at 1 token/s each',
      kind: 'load',
      // Each chat stays open until the last has arrived (4 s), so every chat past the warm-up's
      // few finds the upstream pool empty: what a new connection to a provider costs a first
      // token, while traffic rises.
      load: quick
        ? { streams: 40, arrivalsPerSecond: 40, tokens: 3, tokensPerSecond: 2 }
        : { streams: 400, arrivalsPerSecond: 100, tokens: 5, tokensPerSecond: 1 },
      // Few streams at once (few pooled connections), many tokens (a warm JIT).
      warmup: { streams: quick ? 5 : 20, tokens: quick ? 20 : 100, tokensPerSecond: 0 },
      repeat: 1,
      rounds: targetRounds,
      timeoutMs: 60_000,
      isBehindNginx: false,
      upstreamDelayMs: 10,
      systems: ['node-pipe', 'tokenwire'],
    },
    {
      id: 'R1',
      title: quick
        ? 'resume: 20 cuts at random points, memory and Redis; 20 streams × 50 tokens at 200 tokens/s with resume off, memory, Redis'
        : 'resume: 200 cuts at random points, memory and Redis; 200 streams × 500 tokens at 100 tokens/s with resume off, memory, Redis',
      kind: 'resume',
      load: quick
        ? { streams: 20, tokens: 50, tokensPerSecond: 200 }
        : { streams: 200, tokens: 500, tokensPerSecond: 100 },
      warmup: { streams: quick ? 10 : 200, tokens: 20, tokensPerSecond: 0 },
      repeat: 1,
      rounds: 1,
      timeoutMs: 60_000,
      isBehindNginx: false,
      systems: ['tokenwire'],
      // 400 tokens/s: a 100-token answer lasts 250 ms, cut within its first 200 ms, and 20 ms
      // away leaves about 8 tokens to replay.
      resume: {
        resumes: quick ? 20 : 200,
        lanes: 4,
        tokens: 100,
        tokensPerSecond: 400,
        gapMs: 20,
      },
    },
  ];
}
