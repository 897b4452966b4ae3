/**
 * @module The tokenwire benchmark (`pnpm bench`): tokenwire's API against the physical limit
 * (`direct`), the limit for any Node hop (`node-pipe`), that hop with the openai SDK making the
 * upstream call (`sdk-pipe`) and what users write by hand (`openai-readable`), side by side in
 * one run. See BENCHMARKS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { findNginx } from '@tokenwire/testing';
import { parseArgs, USAGE } from './cli/parse-args.js';
import {
  apiEntry,
  benchDirectory,
  LOAD_CORE,
  repoDirectory,
  SERVER_CORE,
} from './environment/bench-layout.js';
import { describeMachine } from './environment/describe-machine.js';
import { ensureBuilt } from './environment/ensure-built.js';
import { pinToCore } from './environment/pin-to-core.js';
import { startCoreSpeedWatch } from './proc/watch-core-speed.js';
import { summarizeProfiles } from './profile/summarize-profiles.js';
import { collectProblems } from './report/collect-problems.js';
import { evaluateTargets } from './report/evaluate-targets.js';
import { formatReport } from './report/format-report.js';
import type { ScenarioResult } from './report/scenario-result.js';
import type { BenchContext } from './scenarios/bench-context.js';
import { defineScenarios } from './scenarios/define-scenarios.js';
import { runScenario } from './scenarios/run-scenario.js';
import { defineSystems } from './systems/define-systems.js';
import { startUpstream } from './upstream/start-upstream.js';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.isHelp) {
    console.log(USAGE);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const startedAt = new Date();
  const started = performance.now();

  const build = ensureBuilt({ repoDirectory, benchDirectory, isSkipped: args.isBuildSkipped, log });
  const pinning = pinToCore(process.pid, LOAD_CORE);
  if (pinning) log(`load process not pinned: ${pinning}`);

  const systems = defineSystems({ apiEntry });
  const chosenSystems = args.systems.length > 0 ? args.systems : undefined;
  const scenarios = defineScenarios({
    isQuick: args.isQuick,
    ...(args.rounds === undefined ? {} : { rounds: args.rounds }),
  }).filter((scenario) => args.scenarios.length === 0 || args.scenarios.includes(scenario.id));
  const upstream = await startUpstream();
  const coreSpeed = await startCoreSpeedWatch([LOAD_CORE, SERVER_CORE]).catch((error: Error) => {
    log(`the cores' speed is not probed: ${error.message}`);
    return undefined;
  });
  const context: BenchContext = {
    upstream,
    loadCore: LOAD_CORE,
    serverCore: SERVER_CORE,
    nginxTemplatePath: join(repoDirectory, 'infra/nginx/templates/default.conf.template'),
    // Quick runs judge errors only. A full run retakes disturbed or slowed measurements for at
    // most 5 more minutes in all, so a machine that stays slow cannot stretch it without end.
    maxAttempts: args.isQuick || args.isProfiling ? 1 : 3,
    retryBudget: { remainingMs: 300_000 },
    coreSpeed,
    profileDirectory: args.isProfiling ? join(benchDirectory, 'results/profiles') : undefined,
    systemFlags: args.systemFlags,
    log,
  };
  const problems: string[] = [];
  if (!build.isApiBuilt) problems.push(`tokenwire not measured: ${build.apiProblem}`);

  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      if (scenario.isBehindNginx && !findNginx()) {
        log(`${scenario.id}: skipped, nginx is not installed`);
        continue;
      }
      const names = scenario.systems.filter(
        (name) =>
          (!chosenSystems || chosenSystems.includes(name)) &&
          (name !== 'tokenwire' || build.isApiBuilt),
      );
      if (names.length === 0) continue;
      const scenarioStarted = performance.now();
      log(`${scenario.id}: ${scenario.title} — ${names.join(', ')}`);
      results.push(
        await runScenario(
          scenario,
          names.map((name) => systems[name]),
          context,
        ),
      );
      log(`${scenario.id}: done in ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    await upstream.close();
    await coreSpeed?.close();
  }

  const verdicts = evaluateTargets(results);
  const profiles = context.profileDirectory ? summarizeProfiles(context.profileDirectory) : [];
  const { problems: runProblems, notes } = collectProblems(results);
  problems.push(...runProblems);
  const machine = describeMachine({ repoDirectory, benchDirectory, pinning });
  const durationSeconds = (performance.now() - started) / 1000;
  console.log(
    formatReport({
      mode: args.isQuick ? 'quick' : 'full',
      machine,
      scenarios: results,
      verdicts,
      profiles,
      problems,
      notes,
      durationSeconds,
    }),
  );

  // Only a complete full run of the systems as shipped replaces the committed results; anything
  // else has its own file.
  const isComplete =
    !args.isQuick &&
    !args.isProfiling &&
    args.systemFlags.length === 0 &&
    args.scenarios.length === 0 &&
    args.systems.length === 0;
  const output =
    args.output ??
    join(
      benchDirectory,
      args.isQuick
        ? 'results/quick.json'
        : isComplete
          ? 'results/latest.json'
          : 'results/partial.json',
    );
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(
    output,
    `${JSON.stringify(
      {
        version: 1,
        mode: args.isQuick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        durationSeconds,
        argv: process.argv.slice(2),
        machine,
        scenarios: results,
        verdicts,
        profiles,
        problems,
        notes,
      },
      (_key, value: unknown) =>
        typeof value === 'number' && !Number.isFinite(value) ? null : value,
      2,
    )}\n`,
  );
  log(`results written to ${relative(process.cwd(), output)}`);
  // Timings never fail the run (the machine is shared and noisy); errors always do.
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
