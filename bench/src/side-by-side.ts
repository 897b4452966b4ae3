/**
 * @module `pnpm --filter @tokenwire/bench side-by-side`: two systems streaming at the same time
 * on the server core, fed by one load process, and their CPU per token window by window. On a
 * VM whose speed moves by a third from one minute to the next, two systems run one after the
 * other differ by as much as the change being measured; run together, a slow minute slows both.
 * See BENCHMARKS.md (round 17).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStream } from './client/start-stream.js';
import { ensureBuilt } from './environment/ensure-built.js';
import { pinToCore } from './environment/pin-to-core.js';
import { createTarget } from './scenarios/create-target.js';
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

const LOAD_CORE = 0;
const SERVER_CORE = 1;
/** Streams opened per pause while starting a side, so its first tokens do not all fall in one turn. */
const OPEN_BATCH = 50;
const OPEN_PAUSE_MS = 10;
/** After the last stream opened, before the first window: every stream is past its first token. */
const SETTLE_MS = 3_000;

const benchDirectory = fileURLToPath(new URL('..', import.meta.url));
const repoDirectory = join(benchDirectory, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Side {
  definition: SystemDefinition;
  system: RunningSystem;
  plans: StreamPlan[];
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
  const systems = defineSystems({ apiEntry: join(repoDirectory, 'apps/api/dist/main.js') });
  const upstream = await startUpstream();
  const sides: Side[] = [];
  try {
    for (const [name, env] of [
      [args.a, args.aEnv],
      [args.b, args.bEnv],
    ] as const) {
      const definition = withEnv(systems[name], env);
      const system = await startSystem(definition, {
        upstreamUrl: upstream.url,
        core: SERVER_CORE,
      });
      sides.push({ definition, system, plans: [] });
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
  const open = async (index: number, tokens: number, tokensPerSecond: number) => {
    const finished: Promise<unknown>[] = [];
    for (let stream = 0; stream < args.streams; stream++) {
      const plan = createStreamPlan({ tokens, tokensPerSecond });
      upstream.register(plan);
      (sides[index] as Side).plans.push(plan);
      const running = startStream(targets[index] as (typeof targets)[number], plan, {
        prompt: promptFor(plan),
      });
      finished.push(running.finished);
      if (stream % OPEN_BATCH === OPEN_BATCH - 1) await sleep(OPEN_PAUSE_MS);
    }
    return finished;
  };
  // A warm-up fills each side's upstream pool with one connection per stream, as the bench's do.
  log('warming up');
  const warmups = [...(await open(0, 3, 2)), ...(await open(1, 3, 2))];
  await Promise.all(warmups);
  for (const side of sides) {
    for (const plan of side.plans) upstream.release(plan);
    side.plans = [];
  }
  const tokens = args.tokensPerSecond * (args.windows * args.windowSeconds + 10);
  log(`opening ${args.streams} streams on each side`);
  const measured = [
    ...(await open(0, tokens, args.tokensPerSecond)),
    ...(await open(1, tokens, args.tokensPerSecond)),
  ];
  await sleep(SETTLE_MS);
  const sample = () =>
    sides.map((side) => ({
      cpuSeconds: side.system.usage()?.cpuSeconds ?? Number.NaN,
      emitted: side.plans.reduce((sum, plan) => sum + plan.emitted, 0),
    }));
  const windows: Window[] = [];
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
  for (const target of targets) target.agent.destroy();
  await Promise.allSettled(measured);
  const summary = summarizeWindows(windows);
  const label = (name: string, env: Record<string, string>) =>
    Object.keys(env).length === 0
      ? name
      : `${name} (${Object.entries(env)
          .map(([key, value]) => `${key}=${value}`)
          .join(', ')})`;
  console.log(
    `a = ${label(args.a, args.aEnv)}, b = ${label(args.b, args.bEnv)}: ${args.streams} streams each at ${args.tokensPerSecond} tokens/s, both on core ${SERVER_CORE}`,
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
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
