import type { TokenwireEvent, UnknownEvent } from './events.js';
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
    case 'finish':
      if (typeof event.reason === 'string' && finishReasons.has(event.reason)) {
        const usage = event.usage as Record<string, unknown> | undefined | null;
        if (usage === undefined || usage === null) {
          return { type: 'finish', reason: event.reason as TokenwireEventReason };
        }
        if (
          typeof usage === 'object' &&
          typeof usage.promptTokens === 'number' &&
          typeof usage.completionTokens === 'number'
        ) {
          return {
            type: 'finish',
            reason: event.reason as TokenwireEventReason,
            usage: { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens },
          };
        }
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

type TokenwireEventReason = Extract<TokenwireEvent, { type: 'finish' }>['reason'];

function preview(data: string): string {
  return data.length > 120 ? `${data.slice(0, 120)}…` : data;
}
