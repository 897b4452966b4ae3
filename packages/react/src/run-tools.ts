import type { ChatToolCall } from '@tokenwire/client';
import type { ChatMessageToolCall, ChatToolFunction, UseChatOptions } from './types.js';

/** What runs each call, in the calls' order. */
export interface ToolRunner {
  run: ChatToolFunction;
  /** True for `onToolCall`, whose `undefined` means "not answered". */
  mayDecline: boolean;
}

/**
 * The runner of every call (an entry of `tools` with a function, else `onToolCall`), or
 * undefined when some call has none: then the answer is left for the app to handle.
 *
 * @example
 * findToolRunners(result.toolCalls, { api: '/api/chat', tools: { now: () => Date.now() } });
 */
export function findToolRunners(
  calls: readonly ChatToolCall[],
  options: Pick<UseChatOptions, 'tools' | 'onToolCall'>,
): ToolRunner[] | undefined {
  if (calls.length === 0) return undefined;
  const runners: ToolRunner[] = [];
  for (const call of calls) {
    // Own properties only: a model naming `constructor` must not reach Object.prototype.
    const tool =
      options.tools && Object.hasOwn(options.tools, call.name)
        ? options.tools[call.name]
        : undefined;
    const execute = typeof tool === 'function' ? tool : tool?.execute;
    if (execute) runners.push({ run: execute, mayDecline: false });
    else if (options.onToolCall) {
      const { onToolCall } = options;
      runners.push({ run: (_args, toolCall) => onToolCall(toolCall), mayDecline: true });
    } else return undefined;
  }
  return runners;
}

/**
 * Runs the calls in parallel and returns them with their `result` (or `error`, when a tool threw).
 * A tool that returns nothing answers `null`; `onToolCall` returning `undefined` leaves no result.
 *
 * @example
 * const answered = await runTools(calls, findToolRunners(calls, options) ?? []);
 */
export function runTools(
  calls: readonly ChatToolCall[],
  runners: readonly ToolRunner[],
): Promise<ChatMessageToolCall[]> {
  return Promise.all(
    calls.map(async (call, index): Promise<ChatMessageToolCall> => {
      const runner = runners[index];
      if (!runner) return { ...call };
      try {
        const result: unknown = await runner.run(call.arguments, call);
        if (result === undefined)
          return runner.mayDecline ? { ...call } : { ...call, result: null };
        return { ...call, result };
      } catch (error) {
        return { ...call, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
