import type { ChatRequestMessage } from '@tokenwire/client';
import type { ChatMessage, ChatMessageToolCall } from './types.js';

/**
 * The conversation in the API's request schema (OpenAI's shapes). Failed answers and empty ones
 * (stopped before any text) are left out: they are not something the model said. An answer whose
 * tool calls all have a result becomes an assistant message with `tool_calls` (content `null`
 * when it said nothing else) followed by one `tool` message per call, in the calls' order; calls
 * without results are left out, since OpenAI rejects `tool_calls` that no `tool` message answers.
 *
 * @example
 * toRequestMessages([{ id: 'u1', role: 'user', content: 'Hi' }]); // [{ role: 'user', content: 'Hi' }]
 */
export function toRequestMessages(history: readonly ChatMessage[]): ChatRequestMessage[] {
  const request: ChatRequestMessage[] = [];
  for (const message of history) {
    if (message.role === 'user') {
      request.push({ role: 'user', content: message.content });
      continue;
    }
    if (message.status === 'error') continue;
    const calls = message.toolCalls ?? [];
    if (calls.length > 0 && calls.every(hasOutcome)) {
      request.push({
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.argumentsText },
        })),
      });
      for (const call of calls) {
        request.push({ role: 'tool', tool_call_id: call.id, content: toToolContent(call) });
      }
    } else if (message.content !== '') {
      request.push({ role: 'assistant', content: message.content });
    }
  }
  return request;
}

function hasOutcome(call: ChatMessageToolCall): boolean {
  return call.result !== undefined || call.error !== undefined;
}

/** A `tool` message's content is text: a string result as it is, anything else as JSON. */
function toToolContent(call: ChatMessageToolCall): string {
  if (call.error !== undefined) return JSON.stringify({ error: call.error });
  if (typeof call.result === 'string') return call.result;
  return JSON.stringify(call.result) ?? 'null';
}
