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

describe('createAdmissionQueue', () => {
  it('lets callers through in arrival order, at most perTurn per loop turn', async () => {
    const admission = createAdmissionQueue(2);
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
    expect(admittedAt).toEqual([first, first, first + 1, first + 1, first + 2]);
    expect(admission.waiting).toBe(0);
  });

  it('lets I/O that is already waiting run before the next batch', async () => {
    const admission = createAdmissionQueue(1);
    const events: string[] = [];
    const first = admission.admit().then(() => events.push('first'));
    const second = admission.admit().then(() => events.push('second'));
    await first;
    // A timer that is due when the first batch's turn ends runs before the second batch.
    setTimeout(() => events.push('timer'), 1);
    const due = performance.now() + 3;
    while (performance.now() < due) {
      // Let the timer fall due within this turn.
    }
    await second;
    expect(events).toEqual(['first', 'timer', 'second']);
  });

  it('admits a lone caller within one turn', async () => {
    const admission = createAdmissionQueue(256);
    const turns = countTurns();
    const before = turns.turn;
    await admission.admit();
    turns.stop();
    expect(turns.turn - before).toBeLessThanOrEqual(1);
  });

  it('lets callers in at once while the batch of this turn has room, then from the next turn', async () => {
    const admission = createAdmissionQueue(2, 2);
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(false);
    const third = admission.admit();
    expect(admission.waiting).toBe(1);
    await third;
    // The third took the next turn's batch; one place is left in it.
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(admission.tryEnter()).toBe(true);
  });

  it('lets nobody in at once while someone waits, whatever room the batch has', async () => {
    const admission = createAdmissionQueue(256, 16);
    const order: string[] = [];
    const waiter = admission.admit().then(() => order.push('waiter'));
    expect(admission.tryEnter()).toBe(false);
    await waiter;
    expect(admission.tryEnter()).toBe(true);
    order.push('entered');
    expect(order).toEqual(['waiter', 'entered']);
  });

  it('lets at most atOncePerTurn in at once per turn, however large the batch', async () => {
    const admission = createAdmissionQueue(256, 3);
    const entered = Array.from({ length: 5 }, () => admission.tryEnter());
    expect(entered).toEqual([true, true, true, false, false]);
    expect(createAdmissionQueue(256).tryEnter()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(admission.tryEnter()).toBe(true);
  });

  it('refuses a batch size that is not a positive integer, and more at once than a batch', () => {
    expect(() => createAdmissionQueue(0)).toThrow(RangeError);
    expect(() => createAdmissionQueue(1.5)).toThrow(RangeError);
    expect(() => createAdmissionQueue(4, 5)).toThrow(RangeError);
    expect(() => createAdmissionQueue(4, -1)).toThrow(RangeError);
  });
});
