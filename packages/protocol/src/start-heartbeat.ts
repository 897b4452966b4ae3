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
  const { intervalMs, onBeat } = options;
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  const arm = (delay: number): void => {
    timer = setTimeout(fire, delay);
    // Node would otherwise stay alive for a stream nobody is reading any more.
    (timer as { unref?: () => void }).unref?.();
  };
  const fire = (): void => {
    const idle = Date.now() - lastActivity;
    if (idle < intervalMs) {
      arm(intervalMs - idle);
      return;
    }
    try {
      onBeat();
    } catch {
      timer = undefined;
      return;
    }
    // onBeat may have stopped the heartbeat (the stream it wrote to just closed).
    if (isStopped) return;
    lastActivity = Date.now();
    arm(intervalMs);
  };

  arm(intervalMs);
  return {
    touch() {
      lastActivity = Date.now();
    },
    stop() {
      isStopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
