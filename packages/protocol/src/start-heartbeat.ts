/**
 * Options for {@link startHeartbeat}.
 *
 * @example
 * const options: HeartbeatOptions = { intervalMs: 15_000, onBeat: () => console.log('ping') };
 */
export interface HeartbeatOptions {
  /** Silence, in milliseconds, after which `onBeat` runs. */
  intervalMs: number;
  /** Sends the heartbeat. Throwing stops the heartbeat (the stream is gone). */
  onBeat: () => void;
}

/**
 * A running heartbeat.
 *
 * @example
 * const heartbeat: Heartbeat = startHeartbeat({ intervalMs: 15_000, onBeat: () => {} });
 * heartbeat.touch();
 * heartbeat.stop();
 */
export interface Heartbeat {
  /** Records that something was just written, postponing the next beat. */
  touch(): void;
  /** Stops it for good. */
  stop(): void;
}

/**
 * Calls `onBeat` after every `intervalMs` without a `touch()`.
 * One timer per stream, re-armed only when it fires, so a token costs a clock read, not a timer.
 *
 * @example
 * const { writable } = new TransformStream<string, string>();
 * const writer = writable.getWriter();
 * const heartbeat = startHeartbeat({
 *   intervalMs: 15_000,
 *   onBeat: () => void writer.write(HEARTBEAT_FRAME),
 * });
 * heartbeat.touch(); // after each event
 * heartbeat.stop(); // when the stream ends
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  return new TimedHeartbeat(options.intervalMs, options.onBeat);
}

// The timer calls this with the heartbeat as its argument: no closure per heartbeat to make.
const fireHeartbeat = (heartbeat: TimedHeartbeat): void => heartbeat.fire();

// A class rather than an object of closures: every open stream has one, thousands at once, and a
// class shares its methods where closures cost a function and a context slot each, per stream.
class TimedHeartbeat implements Heartbeat {
  readonly #intervalMs: number;
  readonly #onBeat: () => void;
  // Silence is measured on a monotonic clock, which a wall-clock step (NTP) does not move, and
  // which Node reads without a call into V8's runtime on every write, as `Date.now()` costs.
  #lastActivity = performance.now();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isStopped = false;

  constructor(intervalMs: number, onBeat: () => void) {
    this.#intervalMs = intervalMs;
    this.#onBeat = onBeat;
    this.#arm(intervalMs);
  }

  touch(): void {
    this.#lastActivity = performance.now();
  }

  stop(): void {
    this.#isStopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The timer ran out: beats, or waits for the rest of an interval postponed by `touch`. */
  fire(): void {
    const idle = performance.now() - this.#lastActivity;
    if (idle < this.#intervalMs) {
      this.#arm(this.#intervalMs - idle);
      return;
    }
    try {
      this.#onBeat();
    } catch {
      this.#timer = undefined;
      return;
    }
    // onBeat may have stopped the heartbeat (the stream it wrote to just closed).
    if (this.#isStopped) return;
    this.#lastActivity = performance.now();
    this.#arm(this.#intervalMs);
  }

  #arm(delay: number): void {
    const timer = setTimeout(fireHeartbeat, delay, this);
    // Node would otherwise stay alive for a stream nobody is reading any more.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}
