import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createHeapGuard, type HeapFigures } from './create-heap-guard.js';

const MEBIBYTE = 1024 * 1024;

/** A heap whose `used_heap_size` the test sets; its limit is 96 MiB of old generation plus 48 of young. */
function fakeHeap(usedMebibytes: number) {
  const figures: HeapFigures = {
    used_heap_size: usedMebibytes * MEBIBYTE,
    heap_size_limit: 144 * MEBIBYTE,
  };
  return {
    figures,
    readHeap: () => figures,
    use(mebibytes: number) {
      figures.used_heap_size = mebibytes * MEBIBYTE;
    },
  };
}

describe('createHeapGuard', () => {
  it('measures against --max-old-space-size, the size at which V8 gives up, not heap_size_limit', () => {
    const heap = fakeHeap(80);
    const guard = createHeapGuard({
      maxFraction: 0.9,
      readHeap: heap.readHeap,
      nodeFlags: ['--max-old-space-size=96'],
    });
    expect(guard.limitBytes).toBe(0.9 * 96 * MEBIBYTE);
    expect(guard.isPastLimit()).toBe(false);
    heap.use(87);
    expect(guard.isPastLimit()).toBe(true);
    expect(guard.readUsedBytes()).toBe(87 * MEBIBYTE);
  });

  it('takes the last --max-old-space-size, in either spelling, as Node does', () => {
    const limitWith = (nodeFlags: string[]) =>
      createHeapGuard({ maxFraction: 0.5, readHeap: fakeHeap(0).readHeap, nodeFlags }).limitBytes;
    expect(limitWith(['--max_old_space_size=64', '--inspect', '--max-old-space-size=80'])).toBe(
      40 * MEBIBYTE,
    );
    expect(limitWith(['--max_old_space_size=64'])).toBe(32 * MEBIBYTE);
    // Without the flag (or with nonsense), V8's own limit, of which the young generation is a small share.
    expect(limitWith([])).toBe(72 * MEBIBYTE);
    expect(limitWith(['--max-old-space-size=big', '--max-old-space-size=0'])).toBe(72 * MEBIBYTE);
    // A flag larger than the heap V8 actually has (set some other way) cannot raise the limit.
    expect(limitWith(['--max-old-space-size=4096'])).toBe(72 * MEBIBYTE);
  });

  it('is off at 1: never past its limit, however full the heap', () => {
    const heap = fakeHeap(143);
    const guard = createHeapGuard({ maxFraction: 1, readHeap: heap.readHeap, nodeFlags: [] });
    expect(guard.limitBytes).toBe(Number.POSITIVE_INFINITY);
    expect(guard.isPastLimit()).toBe(false);
  });

  it("reads this process's heap by default", () => {
    const guard = createHeapGuard({ maxFraction: 0.999_999 });
    expect(guard.limitBytes).toBeGreaterThan(0);
    expect(guard.limitBytes).toBeLessThanOrEqual(getHeapStatistics().heap_size_limit);
    expect(guard.readUsedBytes()).toBeGreaterThan(0);
    expect(guard.isPastLimit()).toBe(false);
  });
});
