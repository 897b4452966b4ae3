/**
 * @module `pnpm --filter @tokenwire/bench side-by-side`: two systems streaming at the same time
 * on the server core, fed by one load process, and their CPU per token window by window. On a
 * VM whose speed moves by a third from one minute to the next, two systems run one after the
 * other differ by as much as the change being measured; run together, a slow minute slows both.
 * See BENCHMARKS.md (round 17).
 */
import { type StreamTarget, startStream } from './client/start-stream.js';
import {
  apiEntry,
  benchDirectory,
  LOAD_CORE,
  repoDirectory,
  SERVER_CORE,
} from './environment/bench-layout.js';
import { ensureBuilt } from './environment/ensure-built.js';
import { pinToCore } from './environment/pin-to-core.js';
import { createTarget } from './scenarios/create-target.js';
import { createLatencyCollector, type LatencyCollector } from './side-by-side/collect-latencies.js';
import {
  parseSideBySideArgs,
  SIDE_BY_SIDE_USAGE,
  type SideBySideArgs,
} from './side-by-side/parse-side-by-side-args.js';
import { summarizeWindows, type Window } from './side-by-side/summarize-windows.js';
import { defineSystems } from './systems/define-systems.js';
import { type RunningSystem, startSystem } from './systems/start-system.js';
import type { SystemDefinition } from './systems/system-definition.js';
import { withEnv } from './systems/with-env.js';
import { createStreamPlan, promptFor, type StreamPlan, startUpstream } from './upstream/index.js';

/** Streams opened per pause while starting a side, so its first tokens do not all fall in one turn. */
const OPEN_BATCH = 50;
const OPEN_PAUSE_MS = 10;
/** After the last stream opened, before the first window: every stream is past its first token. */
const SETTLE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Side {
  definition: SystemDefinition;
  system: RunningSystem;
  /** The streams under way now. */
  live: Set<StreamPlan>;
  /** Tokens the upstream sent for this side's streams that have ended. */
  endedTokens: number;
  /** Streams that failed before the run's end (an error status, a lost token, no end marker). */
  failures: number;
  firstFailure: string | undefined;
  latencies: LatencyCollector;
}

async function main(): Promise<number> {
  const args = parseSideBySideArgs(process.argv.slice(2));
  if (args.isHelp) {
    console.log(SIDE_BY_SIDE_USAGE);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureBuilt({ repoDirectory, benchDirectory, isSkipped: args.isBuildSkipped, log });
  const pinning = pinToCore(process.pid, LOAD_CORE);
  if (pinning) log(`load process not pinned: ${pinning}`);
  const upstream = await startUpstream();
  const sides: Side[] = [];
  try {
    for (const [name, env, api] of [
      [args.a, args.aEnv, args.aApi],
      [args.b, args.bEnv, args.bApi],
    ] as const) {
      const systems = defineSystems({ apiEntry: api ?? apiEntry });
      const definition = withEnv(systems[name], env);
      const system = await startSystem(definition, {
        upstreamUrl: upstream.url,
        core: SERVER_CORE,
      });
      sides.push({
        definition,
        system,
        live: new Set(),
        endedTokens: 0,
        failures: 0,
        firstFailure: undefined,
        latencies: createLatencyCollector(),
      });
    }
    return await measure(args, upstream, sides, log);
  } finally {
    await Promise.all(sides.map((side) => side.system.stop()));
    await upstream.close();
  }
}

async function measure(
  args: SideBySideArgs,
  upstream: Awaited<ReturnType<typeof startUpstream>>,
  sides: Side[],
  log: (line: string) => void,
): Promise<number> {
  const targets = sides.map((side) => createTarget(side.definition, side.system.origin));
  let isStopped = false;
  const run = async (side: Side, target: StreamTarget, tokens: number, tokensPerSecond: number) => {
    const plan = createStreamPlan({ tokens, tokensPerSecond });
    upstream.register(plan);
    side.live.add(plan);
    const outcome = await startStream(target, plan, { prompt: promptFor(plan) }).finished;
    side.latencies.add(outcome);
    // The end of the run cuts the streams under way: those are not failures.
    if (!outcome.isOk && !isStopped) {
      side.failures++;
      side.firstFailure ??= outcome.error;
    }
    side.live.delete(plan);
    side.endedTokens += plan.emitted;
    upstream.release(plan);
  };
  // One slot per stream: it runs streams of `tokens` one after the other, so each side has
  // `streams` open and starts new chats as S7 does. A slot's first stream is cut short at
  // random, so the chats of one side do not all end, and start again, at once.
  const slot = async (index: number) => {
    const side = sides[index] as Side;
    const target = targets[index] as StreamTarget;
    if (args.tokens === 0) {
      const tokens = args.tokensPerSecond * (args.windows * args.windowSeconds + 10);
      await run(side, target, tokens, args.tokensPerSecond);
      return;
    }
    let tokens = 1 + Math.floor(Math.random() * args.tokens);
    while (!isStopped) {
      await run(side, target, tokens, args.tokensPerSecond);
      tokens = args.tokens;
    }
  };
  const open = async (index: number) => {
    const slots: Promise<void>[] = [];
    for (let stream = 0; stream < args.streams; stream++) {
      slots.push(slot(index));
      if (stream % OPEN_BATCH === OPEN_BATCH - 1) await sleep(OPEN_PAUSE_MS);
    }
    return slots;
  };
  // A warm-up fills each side's upstream pool with one connection per stream, as the bench's do.
  log('warming up');
  const warmups: Promise<void>[] = [];
  for (const [index, side] of sides.entries()) {
    for (let stream = 0; stream < args.streams; stream++) {
      warmups.push(run(side, targets[index] as StreamTarget, 3, 2));
      if (stream % OPEN_BATCH === OPEN_BATCH - 1) await sleep(OPEN_PAUSE_MS);
    }
  }
  await Promise.all(warmups);
  log(`opening ${args.streams} streams on each side`);
  const slots = [...(await open(0)), ...(await open(1))];
  await sleep(SETTLE_MS);
  const sample = () =>
    sides.map((side) => {
      let emitted = side.endedTokens;
      for (const plan of side.live) emitted += plan.emitted;
      return { cpuSeconds: side.system.usage()?.cpuSeconds ?? Number.NaN, emitted };
    });
  const windows: Window[] = [];
  for (const side of sides) side.latencies.startAt(performance.now());
  let before = sample();
  for (let index = 0; index < args.windows; index++) {
    await sleep(args.windowSeconds * 1000);
    const after = sample();
    const [a0, b0] = before as [(typeof before)[0], (typeof before)[0]];
    const [a1, b1] = after as [(typeof after)[0], (typeof after)[0]];
    windows.push({
      aCpuSeconds: a1.cpuSeconds - a0.cpuSeconds,
      aTokens: a1.emitted - a0.emitted,
      bCpuSeconds: b1.cpuSeconds - b0.cpuSeconds,
      bTokens: b1.emitted - b0.emitted,
    });
    before = after;
  }
  for (const side of sides) side.latencies.endAt(performance.now());
  isStopped = true;
  for (const target of targets) target.agent.destroy();
  await Promise.allSettled(slots);
  // A side whose streams fail does less work per token than one that streams them: say so.
  let status = 0;
  for (const [index, side] of sides.entries()) {
    if (side.failures === 0) continue;
    status = 1;
    console.log(
      `${index === 0 ? 'a' : 'b'}: ${side.failures} streams failed; the first: ${side.firstFailure}`,
    );
  }
  const summary = summarizeWindows(windows);
  const label = (name: string, env: Record<string, string>, api: string | undefined) => {
    const settings = Object.entries(env).map(([key, value]) => `${key}=${value}`);
    if (api !== undefined) settings.unshift(api);
    return settings.length === 0 ? name : `${name} (${settings.join(', ')})`;
  };
  console.log(
    `a = ${label(args.a, args.aEnv, args.aApi)}, b = ${label(args.b, args.bEnv, args.bApi)}: ${args.streams} streams open on each at ${args.tokensPerSecond} tokens/s, ${args.tokens === 0 ? 'each open for the whole run' : `${args.tokens} tokens each, then a new chat`}, both on core ${SERVER_CORE}`,
  );
  console.log('window  a µs/token  b µs/token  b/a');
  summary.windows.forEach((window, index) => {
    console.log(
      `${String(index + 1).padStart(6)}  ${window.aMicrosPerToken.toFixed(1).padStart(10)}  ${window.bMicrosPerToken.toFixed(1).padStart(10)}  ${window.ratio.toFixed(3)}`,
    );
  });
  console.log(
    `b/a: median ${summary.medianRatio.toFixed(3)} (${summary.minRatio.toFixed(3)}–${summary.maxRatio.toFixed(3)} over ${windows.length} windows)`,
  );
  // Both queues grew with the one core's load: these compare where separate runs would not.
  console.log('side  TTFT p50 ms  TTFT p99 ms  added p50 ms  added p99 ms  (chats, tokens)');
  for (const [index, side] of sides.entries()) {
    const { ttft, addedLatency } = side.latencies.summarize();
    console.log(
      `${index === 0 ? 'a' : 'b'}     ${[ttft.p50, ttft.p99, addedLatency.p50, addedLatency.p99].map((value) => value.toFixed(2).padStart(11)).join('  ')}  (${ttft.count}, ${addedLatency.count})`,
    );
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
