import type { MockChunkDelta } from './types.js';

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Joins streamed deltas into the `message` of a non-streaming `chat.completion`. */
export interface MessageAccumulator {
  /** A string is content; an object is a delta whose `content`, reasoning and `tool_calls` join. */
  add(piece: string | MockChunkDelta): void;
  /** OpenAI's message: `content` (null when there was only a tool call), reasoning, `tool_calls`. */
  toMessage(): Record<string, unknown>;
}

/**
 * Joins the pieces of an answer as OpenAI's SDK does for a stream: strings by concatenation,
 * tool calls by `index` (the first delta of a call brings its id and name, the rest append
 * arguments), so the non-streaming answer equals the streamed one.
 *
 * @example
 * const message = createMessageAccumulator();
 * message.add('Hi');
 * message.toMessage(); // { role: 'assistant', content: 'Hi', refusal: null, annotations: [] }
 */
export function createMessageAccumulator(): MessageAccumulator {
  let content: string | undefined;
  const reasoning = new Map<string, string>();
  const toolCalls: ToolCall[] = [];
  return {
    add(piece) {
      if (typeof piece === 'string') {
        content = (content ?? '') + piece;
        return;
      }
      if (typeof piece.content === 'string') content = (content ?? '') + piece.content;
      for (const field of ['reasoning_content', 'reasoning']) {
        const text = piece[field];
        if (typeof text === 'string') reasoning.set(field, (reasoning.get(field) ?? '') + text);
      }
      if (!Array.isArray(piece.tool_calls)) return;
      for (const delta of piece.tool_calls as Array<Record<string, unknown>>) {
        const index = typeof delta.index === 'number' ? delta.index : 0;
        const fn = (delta.function ?? {}) as { name?: unknown; arguments?: unknown };
        let call = toolCalls[index];
        if (!call) {
          call = { id: '', type: 'function', function: { name: '', arguments: '' } };
          toolCalls[index] = call;
        }
        if (typeof delta.id === 'string') call.id = delta.id;
        if (typeof fn.name === 'string') call.function.name += fn.name;
        if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
      }
    },
    toMessage() {
      const calls = toolCalls.filter((call) => call !== undefined);
      return {
        role: 'assistant',
        content: content ?? (calls.length > 0 ? null : ''),
        ...Object.fromEntries(reasoning),
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
        refusal: null,
        annotations: [],
      };
    },
  };
}
