import { type RunningRedis, startRedis } from '@tokenwire/testing';
import { measureResumes } from '../client/measure-resumes.js';
import { startLoad } from '../client/start-load.js';
import { cpuSecondsBetween } from '../proc/cpu-seconds-between.js';
import { measureInterference } from '../proc/measure-interference.js';
import { readProcessUsage } from '../proc/read-process-usage.js';
import { takeCpuSnapshot } from '../proc/take-cpu-snapshot.js';
import type { ResumeResult, ResumeVariant } from '../report/resume-result.js';
import { summarizeLoad } from '../report/summarize-load.js';
import { summarize } from '../stats/summarize.js';
import { type RunningSystem, startSystem } from '../systems/start-system.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import { withEnv } from '../systems/with-env.js';
import type { BenchContext } from './bench-context.js';
import { createTarget } from './create-target.js';
import type { Scenario } from './scenario.js';

/**
 * R1: the API with resume off (`RESUME_BUFFER_BYTES=0`, `RESUME_GRACE_MS=0`), on in memory (the
 * defaults) and on in Redis (`REDIS_URL`, a real redis-server). Each variant gets fresh processes
 * (Redis: two replicas), pinned to the server core: R1's load on the first, warmed up, gives CPU
 * per token and peak RSS with every stream open; memory and Redis then time cut-and-resume
 * cycles on the same processes (Redis: started on the first replica, resumed on the second). No
 * redis-server: the Redis row is reported as not measured and the others still run.
 *
 * @example
 * const { results } = await runResumeScenario(scenario, systems.tokenwire, context);
 */
export async function runResumeScenario(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
): Promise<{ results: ResumeResult[]; failures: string[] }> {
  const shape = scenario.resume;
  if (shape === undefined) throw new Error(`${scenario.id} has no resume shape`);
  const failures: string[] = [];
  let redis: RunningRedis | undefined;
  try {
    redis = await startRedis();
  } catch (error) {
    failures.push(`Redis: ${(error as Error).message}`);
  }
  const variants: Array<{ variant: ResumeVariant; env: Record<string, string> }> = [
    { variant: 'resume off', env: { RESUME_BUFFER_BYTES: '0', RESUME_GRACE_MS: '0' } },
    { variant: 'memory', env: {} },
    ...(redis ? [{ variant: 'Redis' as const, env: { REDIS_URL: redis.url } }] : []),
  ];
  const results: ResumeResult[] = [];
  // Every variant's processes start at once (starting is most of a quick run's time), then each
  // variant is measured alone: the idle others take no CPU from the server core meanwhile.
  const starting = variants.map(({ env, variant }) =>
    Promise.allSettled(
      Array.from({ length: variant === 'Redis' ? 2 : 1 }, () =>
        startSystem(withEnv(definition, env), {
          upstreamUrl: context.upstream.url,
          core: context.serverCore,
          nodeFlags: context.systemFlags,
        }),
      ),
    ),
  );
  const started = await Promise.all(starting);
  const everyReplica = started
    .flat()
    .flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  try {
    for (const [index, { variant, env }] of variants.entries()) {
      context.log(`${scenario.id}: ${variant}`);
      const outcomes = started[index] ?? [];
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        failures.push(`${variant}: ${String((failed.reason as Error).message ?? failed.reason)}`);
        continue;
      }
      const replicas = outcomes.flatMap((outcome) =>
        outcome.status === 'fulfilled' ? [outcome.value] : [],
      );
      const owner = replicas[0] as RunningSystem;
      const row = await measureCost(
        scenario,
        withEnv(definition, env),
        owner,
        variant === 'Redis' ? redis : undefined,
        context,
      );
      row.variant = variant;
      row.env = env;
      if (variant !== 'resume off') {
        const options = {
          upstream: context.upstream,
          ownerOrigin: owner.origin,
          resumeOrigin: (replicas.at(-1) as RunningSystem).origin,
          body: definition.body,
          lanes: shape.lanes,
          tokens: shape.tokens,
          tokensPerSecond: shape.tokensPerSecond,
          gapMs: shape.gapMs,
        };
        // Unmeasured first: a fresh process's first resumes compile their path (a few hundred
        // ms each) and open its Redis connections, which a running replica has long done.
        await measureResumes({ ...options, resumes: shape.lanes, seed: 7 });
        const samples = await measureResumes({ ...options, resumes: shape.resumes, seed: 13 });
        row.resumeLatencyMs = summarize(samples.latencyMs);
        row.errors += samples.errors.length;
        row.errorSamples.push(...new Set(samples.errors.slice(0, 3)));
      }
      if (row.errors > 0) context.log(`${variant} output:\n${owner.output()}`);
      results.push(row);
    }
  } finally {
    await Promise.all(everyReplica.map((replica) => replica.stop()));
    await redis?.stop();
  }
  return { results, failures };
}

/**
 * R1's load on a fresh, warmed-up process: its CPU per token and peak RSS, and the CPU of
 * `redis`, when given, over the same load.
 */
async function measureCost(
  scenario: Scenario,
  definition: SystemDefinition,
  system: RunningSystem,
  redis: RunningRedis | undefined,
  context: BenchContext,
): Promise<ResumeResult> {
  const target = createTarget(definition, system.origin);
  try {
    const options = { timeoutMs: scenario.timeoutMs };
    const warmup = await startLoad(context.upstream, target, scenario.warmup, options).finished;
    const watched = () => [[process.pid], system.pid === undefined ? [] : [system.pid]];
    const cpuBefore = takeCpuSnapshot(watched());
    const before = system.usage();
    const redisBefore = redis?.pid === undefined ? undefined : readProcessUsage(redis.pid);
    const outcomes = await startLoad(context.upstream, target, scenario.load, options).finished;
    const redisAfter = redis?.pid === undefined ? undefined : readProcessUsage(redis.pid);
    const after = system.usage();
    const cpuAfter = takeCpuSnapshot(watched());
    const load = summarizeLoad(
      definition.name,
      outcomes,
      before && after
        ? { cpuSeconds: cpuSecondsBetween(before, after), peakRssBytes: after.peakRssBytes }
        : undefined,
    );
    const failedWarmups = warmup.filter((outcome) => !outcome.isOk);
    return {
      system: 'tokenwire',
      variant: 'resume off',
      env: {},
      streams: scenario.load.streams,
      tokensDelivered: load.tokensDelivered,
      cpuSecondsPer1000Tokens: load.cpuSecondsPer1000Tokens,
      redisCpuSecondsPer1000Tokens:
        redisBefore && redisAfter && load.tokensDelivered > 0
          ? (cpuSecondsBetween(redisBefore, redisAfter) * 1000) / load.tokensDelivered
          : null,
      peakRssBytes: load.peakRssBytes,
      resumeLatencyMs: null,
      interference: measureInterference(cpuBefore, cpuAfter, {
        loadCore: context.loadCore,
        serverCore: context.serverCore,
      }),
      errors: load.errors + failedWarmups.length,
      errorSamples: [
        ...load.errorSamples,
        ...failedWarmups.slice(0, 1).map((outcome) => `warm-up: ${outcome.error}`),
      ],
    };
  } finally {
    target.agent.destroy();
  }
}
