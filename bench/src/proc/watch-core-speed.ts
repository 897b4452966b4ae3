import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { median } from '../stats/median.js';

/**
 * The probe's fixed unit of work: integer hashing through a 64 KiB array. It allocates nothing,
 * so no garbage collection lands in some units and not in others. Returns the hash, so the work
 * cannot be optimized away.
 *
 * @example
 * speedUnit(new Int32Array(16_384)); // a 32-bit hash
 */
export function speedUnit(cells: Int32Array): number {
  const mask = cells.length - 1;
  let hash = 1;
  for (let pass = 0; pass < 40; pass++) {
    for (let index = 0; index < cells.length; index++) {
      hash = (Math.imul(hash, 31) + (cells[(index * 7) & mask] as number)) | 0;
      cells[index] = hash;
    }
  }
  return hash;
}

/**
 * The probe process's program: warm the unit up, then run it once now and every `intervalMs`,
 * printing the CPU time it took, in µs. CPU time, not wall time, so waiting for the core behind the
 * system under test does not count; only how fast the core ran while the unit had it.
 * It is sent as source (`node -e`), so it must not use anything from outside its body.
 */
function probeProgram(unit: (cells: Int32Array) => number, intervalMs: number): void {
  const cells = new Int32Array(16_384);
  for (let warm = 0; warm < 200; warm++) unit(cells);
  const read = () => {
    const before = process.cpuUsage();
    unit(cells);
    const took = process.cpuUsage(before);
    process.stdout.write(`${took.user + took.system}\n`);
  };
  read();
  setInterval(read, intervalMs);
}

/** Readings a figure needs: 2 s of them at the default interval. */
export const MIN_READINGS = 4;

/** A span of time whose readings {@link CoreSpeedWatch.window} returns. */
export interface CoreSpeedWindow {
  /**
   * Ends the window: each core's median unit time over it, in µs; NaN with fewer than
   * {@link MIN_READINGS} readings, too few to tell a slow spell from one slow unit.
   */
  end(): Map<number, number>;
}

/** The probes started by {@link startCoreSpeedWatch}. */
export interface CoreSpeedWatch {
  /** Starts a window now. */
  window(): CoreSpeedWindow;
  /**
   * The fastest the machine has been in this run: the lowest median unit time of any ended
   * window, or of all readings so far when no window has ended, in µs (NaN before any reading).
   */
  fastestMicros(): number;
  /**
   * Waits until every core's last {@link MIN_READINGS} readings have a median within `ratio` ×
   * {@link CoreSpeedWatch.fastestMicros}, checking at each reading; resolves true then, or false
   * after `timeoutMs`.
   */
  waitForSpeed(options: { ratio: number; timeoutMs: number }): Promise<boolean>;
  /** Stops the probes. */
  close(): Promise<void>;
}

/**
 * Starts one probe process per core, pinned there with `taskset`, that times a fixed unit of
 * work (about a millisecond) every `intervalMs`. A slower reading is a slower core: this
 * machine's virtual cores have spells of tens of seconds in which the same work takes about 1.7×
 * as long, on one core or both (BENCHMARKS.md, round 34). Figures measured in such a spell
 * say more about the machine than about the system, so the bench reads the cores' speed during
 * each measurement. A probe costs its core about 0.2 %.
 *
 * @example
 * const speed = await startCoreSpeedWatch([0, 1]);
 * const window = speed.window();
 * await runTheLoad();
 * window.end(); // Map { 0 => 790, 1 => 1410 }: core 1 ran slow
 * await speed.close();
 */
export async function startCoreSpeedWatch(
  cores: readonly number[],
  options: { intervalMs?: number } = {},
): Promise<CoreSpeedWatch> {
  const intervalMs = options.intervalMs ?? 500;
  // tsx's transform keeps functions' names with calls to an `__name` helper of its module; the
  // probe's source carries a do-nothing one, since the helper does not travel with `toString()`.
  const source = `var __name = (target) => target;\n(${probeProgram.toString()})(${speedUnit.toString()}, ${intervalMs});`;
  const readings = new Map<number, number[]>(cores.map((core) => [core, []]));
  const children: ChildProcess[] = [];
  const firstReadings: Promise<unknown>[] = [];
  for (const core of cores) {
    const child = spawn('taskset', ['-c', String(core), process.execPath, '-e', source], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => readings.get(core)?.push(Number(line)));
    firstReadings.push(
      Promise.race([
        once(lines, 'line'),
        once(child, 'exit').then(([code]) => {
          throw new Error(`the speed probe on core ${core} exited (${code}) before a reading`);
        }),
      ]),
    );
  }
  try {
    await Promise.all(firstReadings);
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    throw error;
  }
  const windowMedians: number[] = [];
  const medianOf = (values: readonly number[]) =>
    values.length < MIN_READINGS ? Number.NaN : median(values);
  const fastestMicros = () => {
    if (windowMedians.length > 0) return Math.min(...windowMedians);
    return Math.min(...cores.map((core) => median(readings.get(core) ?? [])));
  };
  return {
    window() {
      const starts = new Map(cores.map((core) => [core, readings.get(core)?.length ?? 0]));
      return {
        end() {
          const medians = new Map(
            cores.map((core) => [
              core,
              medianOf(readings.get(core)?.slice(starts.get(core)) ?? []),
            ]),
          );
          for (const value of medians.values()) {
            if (!Number.isNaN(value)) windowMedians.push(value);
          }
          return medians;
        },
      };
    },
    fastestMicros,
    async waitForSpeed({ ratio, timeoutMs }) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const limit = fastestMicros() * ratio;
        const isAtSpeed = cores.every(
          (core) => medianOf(readings.get(core)?.slice(-MIN_READINGS) ?? []) <= limit,
        );
        if (isAtSpeed) return true;
        if (performance.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async close() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }),
      );
    },
  };
}
