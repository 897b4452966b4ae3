import type { TokenwireEvent } from './events.js';

/**
 * Encodes one event as an SSE frame: `id: <seq>\ndata: <JSON>\n\n`.
 * Fields are written in the spec's order, so equal events give equal bytes in every runtime.
 * `JSON.stringify` escapes CR and LF, so no frame can be split by a newline inside its data.
 *
 * @example
 * encodeEvent({ type: 'text-delta', delta: 'Hi\n' }, 1);
 * // 'id: 1\ndata: {"type":"text-delta","delta":"Hi\\n"}\n\n'
 */
export function encodeEvent(event: TokenwireEvent, seq: number): string {
  return `id: ${seq}\ndata: ${serializeEvent(event)}\n\n`;
}

function serializeEvent(event: TokenwireEvent): string {
  switch (event.type) {
    case 'text-delta':
      return `{"type":"text-delta","delta":${JSON.stringify(event.delta)}}`;
    case 'start':
      return `{"type":"start","id":${JSON.stringify(event.id)},"model":${JSON.stringify(event.model)}}`;
    case 'finish': {
      const usage = event.usage
        ? `,"usage":{"promptTokens":${JSON.stringify(event.usage.promptTokens)},"completionTokens":${JSON.stringify(event.usage.completionTokens)}}`
        : '';
      return `{"type":"finish","reason":${JSON.stringify(event.reason)}${usage}}`;
    }
    case 'error':
      return `{"type":"error","code":${JSON.stringify(event.code)},"message":${JSON.stringify(event.message)},"retryable":${event.retryable === true}}`;
  }
}
