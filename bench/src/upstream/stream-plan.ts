/**
 * One stream the bench will run: how many tokens the upstream sends and how fast, and, filled in
 * as it goes, when each token left. The load client and the upstream live in one process, so
 * `emissions` and the client's arrival times come from one clock (`performance.now()`).
 */
export interface StreamPlan {
  readonly id: number;
  readonly tokens: number;
  /** Tokens per second; 0 sends as fast as the socket takes them (honouring backpressure). */
  readonly tokensPerSecond: number;
  /** Text appended to every token's marker, to make tokens this much larger (S4). */
  readonly padding: string;
  /** `performance.now()` just before token `seq` was written; absent when not recorded (S4). */
  readonly emissions: Float64Array | undefined;
  /** Content tokens written so far. */
  emitted: number;
  /** Bytes of SSE written so far, all frames. */
  emittedBytes: number;
  hasRequest: boolean;
  /** Finish frame and `data: [DONE]` written. */
  isDone: boolean;
  /** The connection closed before `isDone`. */
  isAborted: boolean;
}

let nextId = 1;

/**
 * Creates a plan with an id unique in this process; the id travels to the upstream inside the
 * chat message (`bench:<id>`), through whatever system is under test.
 *
 * @example
 * const plan = createStreamPlan({ tokens: 200, tokensPerSecond: 50 });
 * promptFor(plan); // 'bench:1'
 */
export function createStreamPlan(options: {
  tokens: number;
  tokensPerSecond: number;
  isRecording?: boolean;
  /** Pad each token to about this many bytes (default: no padding, 5–10 bytes a token). */
  tokenBytes?: number;
}): StreamPlan {
  return {
    id: nextId++,
    tokens: options.tokens,
    tokensPerSecond: options.tokensPerSecond,
    padding: options.tokenBytes ? filler(options.tokenBytes) : '',
    emissions: options.isRecording === false ? undefined : new Float64Array(options.tokens),
    emitted: 0,
    emittedBytes: 0,
    hasRequest: false,
    isDone: false,
    isAborted: false,
  };
}

/** Plain ASCII with no `#`, so it neither looks like a marker nor needs JSON escaping. */
function filler(bytes: number): string {
  const word = 'lorem ipsum dolor sit amet ';
  return word.repeat(Math.ceil(bytes / word.length)).slice(0, bytes);
}
