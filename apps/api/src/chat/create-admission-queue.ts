/** Lets chats start their upstream call a batch per event-loop turn; see {@link createAdmissionQueue}. */
export interface AdmissionQueue {
  /** Resolves in a later check phase of the event loop, when this caller's batch comes. */
  admit(): Promise<void>;
  /** Callers waiting for their turn. */
  readonly waiting: number;
}

/**
 * Paces the start of upstream calls: `admit()` resolves in the event loop's check phase, after
 * the I/O already waiting, and at most `perTurn` callers go per loop turn, in arrival order.
 * Starting an upstream call costs the SDK's request building and a socket write, a few hundred
 * µs; in a burst of new chats (a reconnect storm after a deploy, the S3 benchmark's 1,000 at
 * once), letting all of them through in one turn holds the tokens of the streams already running
 * behind all of that work. In batches, those tokens are written between batches; a quiet server
 * still starts a chat within one turn.
 *
 * @example
 * const admission = createAdmissionQueue(256);
 * await admission.admit();
 * await generation.connect();
 */
export function createAdmissionQueue(perTurn: number): AdmissionQueue {
  if (!Number.isInteger(perTurn) || perTurn < 1) {
    throw new RangeError(`perTurn must be a positive integer, got ${perTurn}.`);
  }
  const waiting: Array<() => void> = [];
  let isScheduled = false;
  const schedule = () => {
    isScheduled = true;
    setImmediate(drain);
  };
  const drain = () => {
    isScheduled = false;
    const batch = waiting.splice(0, perTurn);
    // An immediate queued while immediates run waits for the next turn: I/O goes first.
    if (waiting.length > 0) schedule();
    for (const resolve of batch) resolve();
  };
  return {
    admit() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        if (!isScheduled) schedule();
      });
    },
    get waiting() {
      return waiting.length;
    },
  };
}
