import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createExpiryQueue } from './create-expiry-queue.js';

describe('createExpiryQueue', () => {
  it('expires each item its delay after it was added, in order, never sooner', async () => {
    const expired: Array<{ item: number; afterMs: number }> = [];
    const addedAt = new Map<number, number>();
    const queue = createExpiryQueue<number>(100, (item) => {
      expired.push({ item, afterMs: performance.now() - (addedAt.get(item) as number) });
    });
    for (let item = 0; item < 5; item++) {
      addedAt.set(item, performance.now());
      queue.add(item);
      await sleep(30);
    }
    expect(queue.size).toBeGreaterThan(0);
    await sleep(400);
    expect(expired.map(({ item }) => item)).toEqual([0, 1, 2, 3, 4]);
    for (const { afterMs } of expired) {
      // performance.now() and the timer may disagree by a fraction of a millisecond.
      expect(afterMs).toBeGreaterThanOrEqual(99);
      expect(afterMs).toBeLessThan(300);
    }
    expect(queue.size).toBe(0);
  });

  it('keeps expiring items added after the list emptied, and after many went at once', async () => {
    const expired: number[] = [];
    const queue = createExpiryQueue<number>(20, (item) => expired.push(item));
    for (let item = 0; item < 3_000; item++) queue.add(item);
    await sleep(120);
    expect(expired).toHaveLength(3_000);
    queue.add(3_000);
    await sleep(120);
    expect(expired.at(-1)).toBe(3_000);
    expect(queue.size).toBe(0);
  });

  it('expires nothing once cleared', async () => {
    const expired: string[] = [];
    const queue = createExpiryQueue<string>(20, (item) => expired.push(item));
    queue.add('a');
    queue.clear();
    await sleep(100);
    expect(expired).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('shift takes the oldest items out early, without expiring them, and the rest expire on time', async () => {
    const expired: number[] = [];
    const queue = createExpiryQueue<number>(50, (item) => expired.push(item));
    for (let item = 0; item < 3_000; item++) queue.add(item);
    // Past the point where the list drops its taken prefix.
    for (let item = 0; item < 2_000; item++) expect(queue.shift()).toBe(item);
    expect(queue.size).toBe(1_000);
    await sleep(150);
    expect(expired).toEqual(Array.from({ length: 1_000 }, (_, index) => 2_000 + index));
    expect(queue.shift()).toBeUndefined();
    // Emptied by shift, its timer gone: a new item is still expired.
    queue.add(-1);
    expect(queue.shift()).toBe(-1);
    queue.add(-2);
    await sleep(150);
    expect(expired.at(-1)).toBe(-2);
    expect(queue.size).toBe(0);
  });

  it('does not keep the process alive', () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout');
    const before = timers().length;
    const queue = createExpiryQueue<number>(60_000, () => {});
    queue.add(1);
    expect(timers()).toHaveLength(before);
    queue.clear();
  });
});
