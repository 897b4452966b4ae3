/** A replaying queue: every iterator sees every item from the first, then the outcome. */
export interface EventQueue<T> {
  push(item: T): void;
  close(): void;
  fail(error: unknown): void;
  /** `onReturn` runs when a consumer leaves early (`break` in `for await`). */
  iterate(onReturn: () => void): AsyncIterableIterator<T>;
}

type Outcome = { hasFailed: false } | { hasFailed: true; error: unknown };

/**
 * Items are kept for the stream's lifetime so that an iterator started after the first events
 * still sees them all; an answer is small next to the text it already holds.
 */
export function createEventQueue<T>(): EventQueue<T> {
  const items: T[] = [];
  let outcome: Outcome | undefined;
  let waiters: Array<() => void> = [];

  const wake = (): void => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };

  return {
    push(item) {
      items.push(item);
      wake();
    },
    close() {
      outcome ??= { hasFailed: false };
      wake();
    },
    fail(error) {
      outcome ??= { hasFailed: true, error };
      wake();
    },
    iterate(onReturn) {
      let index = 0;
      let isDone = false;
      const iterator: AsyncIterableIterator<T> = {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            if (isDone) return { done: true, value: undefined };
            if (index < items.length) {
              const item = items[index] as T;
              index += 1;
              return { done: false, value: item };
            }
            if (outcome !== undefined) {
              isDone = true;
              if (outcome.hasFailed) throw outcome.error;
              return { done: true, value: undefined };
            }
            await new Promise<void>((resolve) => waiters.push(resolve));
          }
        },
        async return(): Promise<IteratorResult<T>> {
          if (!isDone) {
            isDone = true;
            onReturn();
          }
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
  };
}
