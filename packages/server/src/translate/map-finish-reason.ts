import type { FinishReason } from '@tokenwire/protocol';

/**
 * Maps an OpenAI-compatible `finish_reason` onto the protocol's. The legacy `function_call` is
 * a tool call; reasons some compatible servers invent (`eos`, …) are a normal stop.
 *
 * @example
 * mapFinishReason('length'); // 'length'
 * mapFinishReason('function_call'); // 'tool_calls'
 */
export function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'stop';
  }
}
