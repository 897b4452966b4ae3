import type { ChatRequestTool } from '@tokenwire/client';
import type { ChatTool } from './types.js';

/**
 * OpenAI's `tools[]` for the request, one per entry of `useChat`'s `tools` (none without them).
 *
 * @example
 * toToolDefinitions({ now: () => Date.now() }); // [{ type: 'function', function: { name: 'now' } }]
 */
export function toToolDefinitions(tools: Record<string, ChatTool> | undefined): ChatRequestTool[] {
  if (tools === undefined) return [];
  return Object.entries(tools).map(([name, tool]) => {
    const definition: ChatRequestTool = { type: 'function', function: { name } };
    if (typeof tool === 'function') return definition;
    if (tool.description !== undefined) definition.function.description = tool.description;
    if (tool.parameters !== undefined) definition.function.parameters = tool.parameters;
    return definition;
  });
}
