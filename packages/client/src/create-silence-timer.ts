/** Fires `onSilence` once nothing has `touch`ed it for `timeoutMs`. */
export interface SilenceTimer {
  /** Bytes arrived: the silence starts again now. */
  touch(): void;
  clear(): void;
}

/**
 * A watchdog for a connection that died without closing (a sleeping laptop, a NAT that forgot the
 * flow): TCP can then wait minutes before it errors. The server sends `: ping` after 15 s of
 * silence (PROTOCOL.md §7), so a much longer silence means the connection is gone.
 * One timer per timeout, not per chunk: `touch` only records the time, and the timer re-arms for
 * the remainder when it fires early.
 */
export function createSilenceTimer(timeoutMs: number, onSilence: () => void): SilenceTimer {
  if (!(timeoutMs > 0 && timeoutMs < Number.POSITIVE_INFINITY)) {
    return { touch() {}, clear() {} };
  }
  let lastActivityAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number): void => {
    timer = setTimeout(() => {
      const silentFor = Date.now() - lastActivityAt;
      if (silentFor >= timeoutMs) {
        timer = undefined;
        onSilence();
      } else {
        arm(timeoutMs - silentFor);
      }
    }, ms);
  };
  arm(timeoutMs);
  return {
    touch() {
      lastActivityAt = Date.now();
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
