import type { ScenarioId } from '../scenarios/scenario.js';
import { SYSTEM_NAMES, type SystemName } from '../systems/system-definition.js';

/** What `pnpm bench` was asked to do. */
export interface BenchArgs {
  isQuick: boolean;
  /** Scenarios to run; all when empty. */
  scenarios: ScenarioId[];
  /** Systems to run; all when empty. */
  systems: SystemName[];
  /** Run the systems under `node --cpu-prof` and summarize the profiles. */
  isProfiling: boolean;
  /**
   * Results file; defaults to results/latest.json (a complete full run), results/quick.json
   * (quick) or results/partial.json (some scenarios or systems, or profiling).
   */
  output: string | undefined;
  /** Skip the staleness check of the systems' builds. */
  isBuildSkipped: boolean;
  /** Node/V8 flags every system under test is started with (`--system-flags`), before its script. */
  systemFlags: string[];
  /** Rounds per load scenario (see Scenario.rounds); undefined: the scenario's own (3 for S2 and S3 of a full run). */
  rounds: number | undefined;
  isHelp: boolean;
}

const SCENARIO_IDS: readonly ScenarioId[] = [
  'S1',
  'S2',
  'S3',
  'S4',
  'S5',
  'S6',
  'S7',
  'S8',
  'S9',
  'R1',
];

/** `pnpm bench --help`. */
export const USAGE = `Usage: pnpm bench [--quick] [--scenario S1,S2,…] [--only direct,node-pipe,sdk-pipe,openai-readable,tokenwire]
                  [--rounds N] [--profile] [--system-flags "<node flags>"] [--output file.json]
                  [--no-build]
  --quick      small sizes (CI): fails only on errors, never on timings
  --scenario   run only these scenarios (repeatable or comma-separated)
  --only       run only these systems (ratios need node-pipe in the same run)
  --rounds     measure node-pipe and tokenwire N times per load scenario, alternating, and
               judge the median (default: 3 for S2 and S3 of a full run, otherwise 1)
  --profile    run the systems under node --cpu-prof; profiles and a summary in results/profiles/
  --system-flags
               start every system under test with these node/V8 flags, space-separated
               (--trace-gc-nvp, --max-semi-space-size=32, --require ./probe.cjs); the
               results go to results/partial.json
  --output     where to write the JSON results
  --no-build   do not rebuild stale dist/ folders first`;

/**
 * Parses the bench's command line. A bare `--` (what `pnpm run bench -- …` may pass on) is
 * ignored; anything unknown is an error with the usage text, never silently dropped.
 *
 * @example
 * parseArgs(['--', '--scenario', 'S2', '--only', 'tokenwire,node-pipe']);
 * // { scenarios: ['S2'], systems: ['tokenwire', 'node-pipe'], isQuick: false, … }
 */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    isQuick: false,
    scenarios: [],
    systems: [],
    isProfiling: false,
    output: undefined,
    isBuildSkipped: false,
    rounds: undefined,
    systemFlags: [],
    isHelp: false,
  };
  const list = (value: string | undefined, flag: string): string[] => {
    if (value === undefined || value.startsWith('--'))
      throw new Error(`${flag} needs a value\n${USAGE}`);
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = splitFlag(argv[index] as string);
    const value = () => inline ?? argv[++index];
    switch (flag) {
      case '--':
        break;
      case '--quick':
        args.isQuick = true;
        break;
      case '--profile':
        args.isProfiling = true;
        break;
      case '--no-build':
        args.isBuildSkipped = true;
        break;
      case '--help':
      case '-h':
        args.isHelp = true;
        break;
      case '--rounds': {
        const text = list(value(), flag)[0] ?? '';
        const rounds = Number(text);
        if (!/^[0-9]+$/.test(text) || rounds < 1 || rounds > 20) {
          throw new Error(`--rounds needs a whole number from 1 to 20, got ${text}\n${USAGE}`);
        }
        args.rounds = rounds;
        break;
      }
      case '--system-flags': {
        // One string, as a shell passes it quoted: `--system-flags "--a --b=1"`. The `=` form
        // keeps a first flag from reading as one of ours: `--system-flags=--trace-gc`.
        const text = inline ?? argv[++index];
        if (text === undefined || text.trim() === '') {
          throw new Error(`--system-flags needs the flags, in one argument\n${USAGE}`);
        }
        const flags = text.trim().split(/\s+/);
        // A word after the first may be a flag's value (`--require ./probe.cjs`).
        if (!flags[0]?.startsWith('-')) {
          throw new Error(`--system-flags takes node flags, got ${flags[0]}\n${USAGE}`);
        }
        args.systemFlags.push(...flags);
        break;
      }
      case '--output':
        args.output = list(value(), flag)[0];
        break;
      case '--scenario':
      case '--scenarios':
        for (const item of list(value(), flag)) {
          const id = item.toUpperCase() as ScenarioId;
          if (!SCENARIO_IDS.includes(id)) throw new Error(`unknown scenario ${item}\n${USAGE}`);
          if (!args.scenarios.includes(id)) args.scenarios.push(id);
        }
        break;
      case '--only':
      case '--systems':
        for (const item of list(value(), flag)) {
          const name = item as SystemName;
          if (!SYSTEM_NAMES.includes(name)) throw new Error(`unknown system ${item}\n${USAGE}`);
          if (!args.systems.includes(name)) args.systems.push(name);
        }
        break;
      default:
        throw new Error(`unknown argument ${argv[index]}\n${USAGE}`);
    }
  }
  return args;
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return argument.startsWith('--') && equals !== -1
    ? [argument.slice(0, equals), argument.slice(equals + 1)]
    : [argument, undefined];
}
