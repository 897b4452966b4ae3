import type { ServerResponse } from 'node:http';

/** Waits that end early when the response closes, so a gone client leaves no timer behind. */
export interface ResponseWatch {
  /** `true` once the response emitted `close` (finished, or the client went away). */
  readonly isClosed: boolean;
  /** Resolves after `ms`, or at once when the response closes; the timer is cleared either way. */
  sleep(ms: number): Promise<void>;
  /** Resolves on the next `drain`, or when the response closes. */
  drain(): Promise<void>;
  /** Resolves on the next turn of the event loop (`setImmediate`), or when the response closes. */
  yieldTurn(): Promise<void>;
  /** Runs `listener` once when the response closes (at once if it already has). */
  onClose(listener: () => void): void;
}

/**
 * Ties timers and `drain` waits to a response's lifetime. Only one wait is pending at a time
 * (the streaming loop is sequential), which keeps the cleanup to a single slot.
 *
 * @example
 * const watch = watchResponse(response);
 * await watch.sleep(25);
 * if (watch.isClosed) return;
 */
export function watchResponse(response: ServerResponse): ResponseWatch {
  let isClosed = false;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let wake: (() => void) | undefined;
  const closeListeners: Array<() => void> = [];

  const settle = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    response.off('drain', settle);
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  // `close` fires both after a normal end and when the socket dies first (client abort, destroy).
  response.once('close', () => {
    isClosed = true;
    settle();
    for (const listener of closeListeners.splice(0)) listener();
  });

  const wait = (arm: () => void) =>
    new Promise<void>((resolve) => {
      if (isClosed) return resolve();
      wake = resolve;
      arm();
    });

  return {
    get isClosed() {
      return isClosed;
    },
    sleep: (ms) =>
      wait(() => {
        timer = setTimeout(settle, Math.max(0, ms));
      }),
    drain: () =>
      wait(() => {
        response.on('drain', settle);
      }),
    yieldTurn: () =>
      wait(() => {
        immediate = setImmediate(settle);
      }),
    onClose: (listener) => {
      if (isClosed) listener();
      else closeListeners.push(listener);
    },
  };
}
