import { describe, expect, it } from 'vitest';
import { type CoreSpeedWatch, speedUnit, startCoreSpeedWatch } from './watch-core-speed.js';

describe('speedUnit', () => {
  it('does the same work every time: the same cells give the same hash', () => {
    const hashes = [0, 1].map(() => speedUnit(new Int32Array(16_384)));
    expect(hashes[0]).toBe(hashes[1]);
    const cells = new Int32Array(16_384);
    speedUnit(cells);
    expect(cells.some((cell) => cell !== 0)).toBe(true);
  });
});

/** Runs `use` with probes on `cores`, and stops them after. */
async function withWatch(
  cores: number[],
  intervalMs: number,
  use: (speed: CoreSpeedWatch) => Promise<void>,
): Promise<void> {
  const speed = await startCoreSpeedWatch(cores, { intervalMs });
  try {
    await use(speed);
  } finally {
    await speed.close();
  }
}

// Each probe is a node process; a busy CI machine may take a second to start one.
describe('startCoreSpeedWatch', () => {
  it('reads each core’s time for the unit in a window, and the fastest so far', async () => {
    await withWatch([0, 1], 20, async (speed) => {
      const window = speed.window();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const medians = window.end();
      expect([...medians.keys()]).toEqual([0, 1]);
      for (const micros of medians.values()) {
        // About a millisecond on this machine; the bounds only say a unit of work was timed.
        expect(micros).toBeGreaterThan(10);
        expect(micros).toBeLessThan(1_000_000);
      }
      expect(speed.fastestMicros()).toBe(Math.min(...medians.values()));
    });
  }, 30_000);

  it('waits for full speed: at once for a ratio the readings meet, in vain for one none can', async () => {
    await withWatch([0], 20, async (speed) => {
      expect(await speed.waitForSpeed({ ratio: 1_000, timeoutMs: 10_000 })).toBe(true);
      expect(await speed.waitForSpeed({ ratio: 0.001, timeoutMs: 100 })).toBe(false);
    });
  }, 30_000);

  it('gives no figure for a window with too few readings to judge', async () => {
    await withWatch([0], 60_000, async (speed) => {
      const before = speed.fastestMicros();
      expect(before).toBeGreaterThan(0);
      const medians = speed.window().end();
      expect(medians.get(0)).toBeNaN();
      expect(speed.fastestMicros()).toBe(before);
    });
  }, 30_000);

  it('fails, saying which core, when a probe cannot start', async () => {
    await expect(startCoreSpeedWatch([4_096])).rejects.toThrow(/core 4096/);
  }, 30_000);
});
