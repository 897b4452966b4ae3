/**
 * Why a generation ended: `stop` (the model finished), `length` (it hit the token limit),
 * `content_filter` (the provider withheld the rest), `tool_calls` (it wants a tool run), `abort`
 * (the generation was cancelled before the model finished).
 *
 * @example
 * const reason: FinishReason = 'length';
 */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'abort';

/**
 * Token counts reported by the model, when known.
 *
 * @example
 * const usage: Usage = { promptTokens: 9, completionTokens: 12 };
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/**
 * Always the first event of a generation.
 *
 * @example
 * const event: StartEvent = { type: 'start', id: 'gen_1', model: 'gpt-4o-mini' };
 */
export interface StartEvent {
  type: 'start';
  /** The generation's id; a reconnect names it to resume. */
  id: string;
  model: string;
}

/**
 * A piece of the answer, exactly as the model produced it.
 *
 * @example
 * const event: TextDeltaEvent = { type: 'text-delta', delta: 'Hello' };
 */
export interface TextDeltaEvent {
  type: 'text-delta';
  delta: string;
}

/**
 * The generation ended normally (or was aborted on purpose). Always the last event.
 *
 * @example
 * const event: FinishEvent = { type: 'finish', reason: 'stop', usage: { promptTokens: 9, completionTokens: 12 } };
 */
export interface FinishEvent {
  type: 'finish';
  reason: FinishReason;
  usage?: Usage;
}

/**
 * The generation failed. Always the last event; what was streamed before it stays valid.
 *
 * @example
 * const event: ErrorEvent = { type: 'error', code: 'upstream_unavailable', message: 'The model is unreachable.', retryable: true };
 */
export interface ErrorEvent {
  type: 'error';
  /** A stable machine-readable code, e.g. `upstream_unavailable`. */
  code: string;
  /** Safe to show to a user: never contains secrets or upstream internals. */
  message: string;
  retryable: boolean;
}

/**
 * Every event protocol v1 defines.
 *
 * @example
 * function isTerminal(event: TokenwireEvent): boolean {
 *   return event.type === 'finish' || event.type === 'error';
 * }
 */
export type TokenwireEvent = StartEvent | TextDeltaEvent | FinishEvent | ErrorEvent;

/**
 * An event of a type this decoder does not know (from a newer server). Skipped, optionally reported.
 *
 * @example
 * const event: UnknownEvent = { type: 'tool-call-delta', index: 0 };
 */
export interface UnknownEvent {
  type: string;
  [field: string]: unknown;
}
