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
 * Token counts reported by the model, when known. `reasoningTokens` (part of `completionTokens`)
 * is there when the model reported how many of them it spent reasoning.
 *
 * @example
 * const usage: Usage = { promptTokens: 9, completionTokens: 12, reasoningTokens: 8 };
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Of `completionTokens`, how many the model spent reasoning: a non-negative integer. */
  reasoningTokens?: number;
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
 * A piece of the model's reasoning (its "thinking"), exactly as the model produced it. The
 * reasoning is the concatenation of these deltas, as the answer is of `text-delta`s; it normally
 * comes before the answer but may interleave with it.
 *
 * @example
 * const event: ReasoningDeltaEvent = { type: 'reasoning-delta', delta: 'The user wants' };
 */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  delta: string;
}

/**
 * A tool call begins. Its arguments follow as `tool-call-delta`s naming the same `toolCallId`,
 * then `tool-call-end`. Parallel calls may interleave.
 *
 * @example
 * const event: ToolCallStartEvent = { type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 };
 */
export interface ToolCallStartEvent {
  type: 'tool-call-start';
  /** Names this call in its deltas, its end, and the tool result sent back to the model. */
  toolCallId: string;
  /** The function the model calls. */
  name: string;
  /** The upstream's position of this call among the parallel calls (OpenAI's `tool_calls[].index`). */
  index?: number;
}

/**
 * The next piece of a tool call's arguments: JSON text, to be concatenated per `toolCallId`
 * (a piece may end anywhere, even inside a string or a character).
 *
 * @example
 * const event: ToolCallDeltaEvent = { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' };
 */
export interface ToolCallDeltaEvent {
  type: 'tool-call-delta';
  toolCallId: string;
  delta: string;
}

/**
 * A tool call's arguments are complete: the concatenated deltas are its whole JSON arguments.
 *
 * @example
 * const event: ToolCallEndEvent = { type: 'tool-call-end', toolCallId: 'call_a' };
 */
export interface ToolCallEndEvent {
  type: 'tool-call-end';
  toolCallId: string;
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
export type TokenwireEvent =
  | StartEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  | FinishEvent
  | ErrorEvent;

/**
 * An event of a type this decoder does not know (from a newer server). Skipped, optionally reported.
 *
 * @example
 * const event: UnknownEvent = { type: 'source-url', url: 'https://example.com' };
 */
export interface UnknownEvent {
  type: string;
  [field: string]: unknown;
}
