/** Items forgotten a fixed time after they were added; see {@link createExpiryQueue}. */
export interface ExpiryQueue<T> {
  /** `onExpire(item)` runs `delayMs` from now (a little later, never sooner). */
  add(item: T): void;
  /**
   * Takes the oldest item out before its time, without `onExpire` (a byte budget forgetting the
   * answers that ended first); `undefined` when none waits.
   */
  shift(): T | undefined;
  /** Items waiting. */
  readonly size: number;
  /** Drops every item without expiring it, and the timer. */
  clear(): void;
}

/**
 * One timer for any number of items that all expire the same time after they were added (a
 * registry's TTL): they expire in the order they came, so the queue is a list and its timer waits
 * for the oldest. A busy server keeps thousands of ended answers; a `setTimeout` each cost a
 * `Timeout`, a closure and a timer-list entry apiece for their whole TTL. Items expire up to a
 * tenth of the delay (at most a second) late, so a steady flow of them re-arms the timer about
 * ten times per delay, not once per item. The timer does not keep the process alive.
 *
 * @example
 * const expiries = createExpiryQueue<string>(300_000, (id) => entries.delete(id));
 * expiries.add(generation.id);
 */
export function createExpiryQueue<T>(delayMs: number, onExpire: (item: T) => void): ExpiryQueue<T> {
  if (!(delayMs >= 0)) throw new RangeError(`delayMs must be 0 or more, got ${delayMs}.`);
  const slackMs = Math.min(1_000, delayMs / 10);
  let items: T[] = [];
  let dueAt: number[] = [];
  let head = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = () => {
    const wait = Math.max((dueAt[head] as number) - performance.now(), 0) + slackMs;
    timer = setTimeout(expire, wait);
    (timer as { unref?: () => void }).unref?.();
  };
  // The list lets the item go before anything else runs: it may be large.
  const takeOldest = (): T => {
    const item = items[head] as T;
    items[head] = undefined as T;
    head++;
    return item;
  };
  /** Empties the list, or drops its taken prefix once that is most of it; `true` when empty. */
  const trim = (): boolean => {
    if (head === items.length) {
      items = [];
      dueAt = [];
      head = 0;
      return true;
    }
    // So memory follows what is waiting.
    if (head > 1_024 && head * 2 > items.length) {
      items = items.slice(head);
      dueAt = dueAt.slice(head);
      head = 0;
    }
    return false;
  };
  const expire = () => {
    timer = undefined;
    const now = performance.now();
    while (head < items.length && (dueAt[head] as number) <= now) onExpire(takeOldest());
    if (!trim()) arm();
  };

  return {
    add(item) {
      items.push(item);
      dueAt.push(performance.now() + delayMs);
      if (timer === undefined) arm();
    },
    shift() {
      if (head === items.length) return undefined;
      const item = takeOldest();
      // A timer armed for the item taken wakes early and re-arms for the next: one spare wake.
      if (trim() && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      return item;
    },
    get size() {
      return items.length - head;
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      items = [];
      dueAt = [];
      head = 0;
    },
  };
}
