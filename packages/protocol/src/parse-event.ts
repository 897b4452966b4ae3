import type { FinishReason, TokenwireEvent, UnknownEvent, Usage } from './events.js';
import { ProtocolError } from './protocol-error.js';

const finishReasons = new Set(['stop', 'length', 'content_filter', 'tool_calls', 'abort']);

/**
 * Parses the `data` of one frame: a known event, an {@link UnknownEvent} for a type this version
 * does not define, or a {@link ProtocolError} (`malformed_event`, `invalid_event`) thrown.
 * Extra fields on known events are ignored, as forward compatibility requires.
 *
 * @example
 * parseEvent('{"type":"text-delta","delta":"Hi"}'); // { type: 'text-delta', delta: 'Hi' }
 */
export function parseEvent(data: string): TokenwireEvent | UnknownEvent {
  const delta = canonicalDelta(data);
  if (delta !== undefined) return { type: 'text-delta', delta };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ProtocolError('malformed_event', `An event is not valid JSON: ${preview(data)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('invalid_event', `An event is not a JSON object: ${preview(data)}`);
  }
  const event = value as Record<string, unknown>;
  switch (event.type) {
    case 'text-delta':
      if (typeof event.delta === 'string') return { type: 'text-delta', delta: event.delta };
      break;
    case 'start':
      if (typeof event.id === 'string' && typeof event.model === 'string') {
        return { type: 'start', id: event.id, model: event.model };
      }
      break;
    case 'reasoning-delta':
      if (typeof event.delta === 'string') return { type: 'reasoning-delta', delta: event.delta };
      break;
    case 'tool-call-start':
      if (
        typeof event.toolCallId === 'string' &&
        typeof event.name === 'string' &&
        (event.index === undefined || event.index === null || isCount(event.index))
      ) {
        return typeof event.index === 'number'
          ? {
              type: 'tool-call-start',
              toolCallId: event.toolCallId,
              name: event.name,
              index: event.index,
            }
          : { type: 'tool-call-start', toolCallId: event.toolCallId, name: event.name };
      }
      break;
    case 'tool-call-delta':
      if (typeof event.toolCallId === 'string' && typeof event.delta === 'string') {
        return { type: 'tool-call-delta', toolCallId: event.toolCallId, delta: event.delta };
      }
      break;
    case 'tool-call-end':
      if (typeof event.toolCallId === 'string') {
        return { type: 'tool-call-end', toolCallId: event.toolCallId };
      }
      break;
    case 'finish':
      if (typeof event.reason === 'string' && finishReasons.has(event.reason)) {
        const reason = event.reason as FinishReason;
        if (event.usage === undefined || event.usage === null) return { type: 'finish', reason };
        const usage = parseUsage(event.usage);
        if (usage) return { type: 'finish', reason, usage };
      }
      break;
    case 'error':
      if (
        typeof event.code === 'string' &&
        typeof event.message === 'string' &&
        typeof event.retryable === 'boolean'
      ) {
        return {
          type: 'error',
          code: event.code,
          message: event.message,
          retryable: event.retryable,
        };
      }
      break;
    default:
      if (typeof event.type === 'string') return event as UnknownEvent;
      throw new ProtocolError('invalid_event', `An event has no string "type": ${preview(data)}`);
  }
  throw new ProtocolError(
    'invalid_event',
    `A "${String(event.type)}" event is missing a field or has one of the wrong type: ${preview(data)}`,
  );
}

const DELTA_PREFIX = '{"type":"text-delta","delta":"';
const DELTA_SUFFIX = '"}';

/**
 * The delta of a text-delta frame exactly as `encodeEvent` writes it, when the string
 * needs no unescaping; undefined for anything else, which then goes through `JSON.parse`.
 * Deltas are almost every frame and JSON.parse is most of the cost of decoding one, so this
 * takes the plain ones straight out of the frame. Exact: a JSON string without `"`, `\` and
 * control characters is its own value.
 */
function canonicalDelta(data: string): string | undefined {
  const end = data.length - DELTA_SUFFIX.length;
  if (end < DELTA_PREFIX.length || !data.startsWith(DELTA_PREFIX) || !data.endsWith(DELTA_SUFFIX)) {
    return undefined;
  }
  for (let index = DELTA_PREFIX.length; index < end; index++) {
    const code = data.charCodeAt(index);
    if (code === 34 || code === 92 || code < 32) return undefined;
  }
  return data.slice(DELTA_PREFIX.length, end);
}

/** `usage` with its counts, or undefined when a count is missing or mistyped. */
function parseUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as Record<string, unknown>;
  if (typeof usage.promptTokens !== 'number' || typeof usage.completionTokens !== 'number') {
    return undefined;
  }
  const counts = { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens };
  if (usage.reasoningTokens === undefined || usage.reasoningTokens === null) return counts;
  return isCount(usage.reasoningTokens)
    ? { ...counts, reasoningTokens: usage.reasoningTokens }
    : undefined;
}

/** A non-negative integer, as counts and positions are. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function preview(data: string): string {
  return data.length > 120 ? `${data.slice(0, 120)}…` : data;
}
