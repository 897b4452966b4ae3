import { describe, expect, it } from 'vitest';
import { createAdmissionQueue } from './create-admission-queue.js';

/** Counts event-loop turns: an immediate that re-queues itself runs once per check phase. */
function countTurns() {
  const counter = { turn: 0, stop: () => {} };
  let isRunning = true;
  const tick = () => {
    if (!isRunning) return;
    counter.turn++;
    setImmediate(tick);
  };
  setImmediate(tick);
  counter.stop = () => {
    isRunning = false;
  };
  return counter;
}

/** Holds the thread for `ms`, as building a request and writing it would. */
function work(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // A start's synchronous cost.
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Admits `callers` waiting callers that each cost `startMs`; returns each one's turn. */
async function admitAll(
  admission: ReturnType<typeof createAdmissionQueue>,
  callers: number,
  startMs: number,
) {
  const turns = countTurns();
  const admittedAt: number[] = [];
  await Promise.all(
    Array.from({ length: callers }, async () => {
      await admission.admit();
      admittedAt.push(turns.turn);
      work(startMs);
    }),
  );
  turns.stop();
  // The batch is timed by an immediate after its microtasks, this one included.
  await nextTurn();
  return admittedAt;
}

/** How many callers each turn admitted, in order. */
function batchSizes(admittedAt: readonly number[]) {
  const sizes = new Map<number, number>();
  for (const turn of admittedAt) sizes.set(turn, (sizes.get(turn) ?? 0) + 1);
  return [...sizes.values()];
}

describe('createAdmissionQueue', () => {
  it("lets callers through in arrival order, a turn's budget at a time", async () => {
    // Until a batch is timed a start is taken to cost 1 ms: two fit in a turn of 2 ms. The first
    // batch, timed near 0, lets the other three in together.
    const admission = createAdmissionQueue({ turnMs: 2, atOnceMs: 0, initialStartMs: 1 });
    const turns = countTurns();
    const order: number[] = [];
    const admittedAt: number[] = [];
    const callers = [0, 1, 2, 3, 4].map(async (caller) => {
      await admission.admit();
      order.push(caller);
      admittedAt.push(turns.turn);
    });
    expect(admission.waiting).toBe(5);
    await Promise.all(callers);
    turns.stop();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    const [first] = admittedAt as [number];
    expect(admittedAt).toEqual([first, first, first + 1, first + 1, first + 1]);
    expect(admission.waiting).toBe(0);
  });

  it('times its batches: starts of 2 ms shrink a batch to what fits in the turn', async () => {
    const admission = createAdmissionQueue({ turnMs: 10, atOnceMs: 0, initialStartMs: 0.1 });
    const sizes = batchSizes(await admitAll(admission, 60, 2));
    // Taken to cost 0.1 ms, the first batch is all 60; timed, each later one is 10 ms of 2 ms starts.
    expect(sizes[0]).toBe(60);
    expect(admission.startMs).toBeGreaterThanOrEqual(1.5);
    const later = batchSizes(await admitAll(admission, 30, 2));
    expect(later.length).toBeGreaterThanOrEqual(5);
    for (const size of later) expect(size).toBeLessThanOrEqual(7);
  });

  it('times its batches: cheap starts grow a batch past what the first estimate allowed', async () => {
    const admission = createAdmissionQueue({ turnMs: 3, atOnceMs: 0, initialStartMs: 0.25 });
    const sizes = batchSizes(await admitAll(admission, 200, 0));
    expect(sizes[0]).toBe(12);
    expect(sizes[1]).toBeGreaterThan(12);
    expect(admission.startMs).toBeLessThan(0.25);
  });

  it('starts one caller per turn when a single start costs more than the whole budget', async () => {
    const admission = createAdmissionQueue({ turnMs: 1, atOnceMs: 0, initialStartMs: 5 });
    const sizes = batchSizes(await admitAll(admission, 4, 3));
    expect(sizes).toEqual([1, 1, 1, 1]);
  });

  it('lets I/O that is already waiting run before the next batch', async () => {
    const admission = createAdmissionQueue({ turnMs: 1, atOnceMs: 0, initialStartMs: 1 });
    const events: string[] = [];
    const first = admission.admit().then(() => events.push('first'));
    const second = admission.admit().then(() => events.push('second'));
    await first;
    // A timer that is due when the first batch's turn ends runs before the second batch.
    setTimeout(() => events.push('timer'), 1);
    work(3);
    await second;
    expect(events).toEqual(['first', 'timer', 'second']);
  });

  it('runs beforeBatch in the check phase before each batch, outside its timing', async () => {
    const events: string[] = [];
    const admission = createAdmissionQueue(
      { turnMs: 1, atOnceMs: 0, initialStartMs: 1 },
      {
        beforeBatch: () => {
          events.push('before');
          work(5);
        },
      },
    );
    const first = admission.admit().then(() => events.push('first'));
    const second = admission.admit().then(() => events.push('second'));
    await Promise.all([first, second]);
    // The turn after the last batch has nothing to start, and no beforeBatch.
    await nextTurn();
    await nextTurn();
    expect(events).toEqual(['before', 'first', 'before', 'second']);
    // Counted as part of the starts, 5 ms each would have raised the estimate above 1 ms.
    expect(admission.startMs).toBeLessThan(1);
  });

  it('admits a lone caller within one turn', async () => {
    const admission = createAdmissionQueue({ turnMs: 10, atOnceMs: 1 });
    const turns = countTurns();
    const before = turns.turn;
    await admission.admit();
    turns.stop();
    expect(turns.turn - before).toBeLessThanOrEqual(1);
  });

  it("lets callers in at once while atOnceMs lasts, then at the next turn's check phase", async () => {
    // 0.25 ms each: four fit in 1 ms (the last starting at 0.75).
    const admission = createAdmissionQueue({ turnMs: 10, atOnceMs: 1, initialStartMs: 0.25 });
    const entered = Array.from({ length: 6 }, () => admission.tryEnter());
    expect(entered).toEqual([true, true, true, true, false, false]);
    await nextTurn();
    await nextTurn();
    expect(admission.tryEnter()).toBe(true);
    expect(createAdmissionQueue({ turnMs: 10, atOnceMs: 0 }).tryEnter()).toBe(false);
  });

  it('counts starts at once against the turn, and lets one at once however slow a start is', async () => {
    const admission = createAdmissionQueue({ turnMs: 1, atOnceMs: 1, initialStartMs: 0.6 });
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(false);
    // A waiter arriving now takes the next turn, whose budget it shares with callers at once.
    const waiter = admission.admit();
    await waiter;
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(false);
    const slow = createAdmissionQueue({ turnMs: 1, atOnceMs: 1, initialStartMs: 50 });
    expect([slow.tryEnter(), slow.tryEnter()]).toEqual([true, false]);
  });

  it('lets nobody in at once while someone waits, whatever the budget has left', async () => {
    const admission = createAdmissionQueue({ turnMs: 100, atOnceMs: 50 });
    const order: string[] = [];
    const waiter = admission.admit().then(() => order.push('waiter'));
    expect(admission.tryEnter()).toBe(false);
    await waiter;
    expect(admission.tryEnter()).toBe(true);
    order.push('entered');
    expect(order).toEqual(['waiter', 'entered']);
  });

  it('refuses a budget that is not a positive time, and more at once than a turn', () => {
    expect(() => createAdmissionQueue({ turnMs: 0, atOnceMs: 0 })).toThrow(RangeError);
    expect(() => createAdmissionQueue({ turnMs: Number.NaN, atOnceMs: 0 })).toThrow(RangeError);
    expect(() => createAdmissionQueue({ turnMs: 4, atOnceMs: 5 })).toThrow(RangeError);
    expect(() => createAdmissionQueue({ turnMs: 4, atOnceMs: -1 })).toThrow(RangeError);
    expect(() => createAdmissionQueue({ turnMs: 4, atOnceMs: 1, initialStartMs: 0 })).toThrow(
      RangeError,
    );
  });
});
