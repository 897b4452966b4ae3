import type { SendAttemptOptions } from './send-completion-request.js';

/**
 * What the upstream path needs of an abort. An `AbortSignal` is one; so is an {@link AbortLink},
 * which makes an `AbortSignal` only for code that asks for one.
 */
export interface AbortSource {
  readonly aborted: boolean;
  /** Why it aborted; `undefined` until then. */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

const LINK = Symbol('tokenwire.abortLink');

/** {@link SendAttemptOptions} that also carry the {@link AbortLink} they were made from. */
type LinkedAttemptOptions = SendAttemptOptions & { readonly [LINK]?: AbortLink };

/**
 * One answer's abort, behaving as an `AbortController`'s signal: listeners run once, in order,
 * when it aborts, none after, and the reason is an `AbortError` unless one was given. The
 * `AbortSignal` itself is made on first read of {@link AbortLink.signal}: Node's controller, its
 * signal (which gets a V8 map of its own) and one listener cost ~930 B of heap for the answer's
 * whole life and ~5.5 µs to make, and the direct sender never needs them. The SDK path and a
 * custom `sendRequest` read `signal` and get a real one, aborted when this aborts.
 *
 * @example
 * const link = new AbortLink();
 * link.addEventListener('abort', () => request.destroy());
 * await sendRequest(client, params, link.attemptOptions(60_000));
 * link.abort('stopped');
 */
export class AbortLink implements AbortSource {
  #isAborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  // A stream has one listener at a time (its attempt's, or a retry's wait): no array until two.
  #listener: (() => void) | undefined;
  #moreListeners: Array<() => void> | undefined;

  get aborted(): boolean {
    return this.#isAborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** A real `AbortSignal` that aborts with this link (already aborted if the link is). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#isAborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#isAborted) return;
    if (this.#listener === undefined && this.#moreListeners === undefined) {
      this.#listener = listener;
      return;
    }
    this.#moreListeners ??= this.#listener === undefined ? [] : [this.#listener];
    this.#listener = undefined;
    // As EventTarget: the same listener twice is one listener.
    if (!this.#moreListeners.includes(listener)) this.#moreListeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.#listener === listener) {
      this.#listener = undefined;
      return;
    }
    const index = this.#moreListeners?.indexOf(listener) ?? -1;
    if (index !== -1) this.#moreListeners?.splice(index, 1);
  }

  /** Aborts once; later calls do nothing. */
  abort(reason?: unknown): void {
    if (this.#isAborted) return;
    this.#isAborted = true;
    this.#reason =
      reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    const listeners = this.#moreListeners ?? (this.#listener === undefined ? [] : [this.#listener]);
    this.#listener = undefined;
    this.#moreListeners = undefined;
    this.#controller?.abort(this.#reason);
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As EventTarget: a throwing listener is reported and the others still run.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /**
   * The options one attempt is sent with. `signal` is an own getter, so a sender that spreads
   * them (`{ ...options, maxRetries: 0 }`) still passes a signal on; reading it makes the signal.
   */
  attemptOptions(timeout: number): SendAttemptOptions {
    const link = this;
    const options: LinkedAttemptOptions = {
      timeout,
      get signal() {
        return link.signal;
      },
      [LINK]: link,
    };
    return options;
  }
}

/**
 * The abort an attempt should watch: the {@link AbortLink} behind `options` when there is one
 * (no `AbortSignal` made), else `options.signal`.
 *
 * @example
 * const abort = abortSourceOf(options);
 * abort.addEventListener('abort', onAbort, { once: true });
 */
export function abortSourceOf(options: SendAttemptOptions): AbortSource {
  return (options as LinkedAttemptOptions)[LINK] ?? options.signal;
}
