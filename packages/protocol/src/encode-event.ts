import type { TokenwireEvent, Usage } from './events.js';

/**
 * Encodes one event as an SSE frame: `id: <seq>\ndata: <JSON>\n\n`.
 * Fields are written in the spec's order, so equal events give equal bytes in every runtime.
 * `JSON.stringify` escapes CR, LF and every other control character, so no frame can be split by
 * a newline inside its data; it also escapes lone surrogates (`\ud800`), which `JSON.parse`
 * restores, so every JavaScript string round-trips exactly. Unknown fields are not written.
 * Throws `RangeError` for a `seq` that is not a non-negative safe integer.
 *
 * @example
 * encodeEvent({ type: 'text-delta', delta: 'Hi\n' }, 1);
 * // 'id: 1\ndata: {"type":"text-delta","delta":"Hi\\n"}\n\n'
 */
export function encodeEvent(event: TokenwireEvent, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new RangeError(`seq must be a non-negative integer, got ${seq}.`);
  }
  return `id: ${seq}\ndata: ${serializeEvent(event)}\n\n`;
}

function serializeUsage(usage: Usage): string {
  const reasoning =
    usage.reasoningTokens === undefined
      ? ''
      : `,"reasoningTokens":${JSON.stringify(usage.reasoningTokens)}`;
  return `{"promptTokens":${JSON.stringify(usage.promptTokens)},"completionTokens":${JSON.stringify(usage.completionTokens)}${reasoning}}`;
}

function serializeEvent(event: TokenwireEvent): string {
  switch (event.type) {
    case 'text-delta':
      return `{"type":"text-delta","delta":${JSON.stringify(event.delta)}}`;
    case 'reasoning-delta':
      return `{"type":"reasoning-delta","delta":${JSON.stringify(event.delta)}}`;
    case 'tool-call-start': {
      const index = event.index === undefined ? '' : `,"index":${JSON.stringify(event.index)}`;
      return `{"type":"tool-call-start","toolCallId":${JSON.stringify(event.toolCallId)},"name":${JSON.stringify(event.name)}${index}}`;
    }
    case 'tool-call-delta':
      return `{"type":"tool-call-delta","toolCallId":${JSON.stringify(event.toolCallId)},"delta":${JSON.stringify(event.delta)}}`;
    case 'tool-call-end':
      return `{"type":"tool-call-end","toolCallId":${JSON.stringify(event.toolCallId)}}`;
    case 'start':
      return `{"type":"start","id":${JSON.stringify(event.id)},"model":${JSON.stringify(event.model)}}`;
    case 'finish': {
      const usage = event.usage ? `,"usage":${serializeUsage(event.usage)}` : '';
      return `{"type":"finish","reason":${JSON.stringify(event.reason)}${usage}}`;
    }
    case 'error':
      return `{"type":"error","code":${JSON.stringify(event.code)},"message":${JSON.stringify(event.message)},"retryable":${event.retryable === true}}`;
    default:
      // Reachable only from untyped callers; writing `data: undefined` would break the stream.
      throw new TypeError(`Not a protocol v1 event: ${JSON.stringify(event)}`);
  }
}
