import type { FinishReason, Usage } from '@tokenwire/protocol';

/**
 * A tool call the model made earlier, as an assistant message sends it back (OpenAI's shape).
 *
 * @example
 * const call: ChatRequestToolCall = {
 *   id: 'call_a',
 *   type: 'function',
 *   function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
 * };
 */
export interface ChatRequestToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * One message of the conversation sent to the API, in the API's request schema (OpenAI's
 * shapes): an assistant message may be only tool calls (`content: null`), and a `tool` message
 * answers one of them by its id.
 *
 * @example
 * const messages: ChatRequestMessage[] = [
 *   { role: 'user', content: 'Weather in Paris?' },
 *   {
 *     role: 'assistant',
 *     content: null,
 *     tool_calls: [
 *       { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
 *     ],
 *   },
 *   { role: 'tool', tool_call_id: 'call_a', content: '{"celsius":21}' },
 * ];
 */
export type ChatRequestMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | {
      role: 'assistant';
      /** `null` (or absent) only beside `tool_calls`: an answer that is nothing but tool calls. */
      content?: string | null | undefined;
      tool_calls?: readonly ChatRequestToolCall[] | undefined;
    }
  | { role: 'tool'; content: string; tool_call_id: string };

/**
 * A function the model may call (OpenAI's `tools[]` entry); `parameters` is a JSON Schema.
 *
 * @example
 * const tool: ChatRequestTool = {
 *   type: 'function',
 *   function: {
 *     name: 'get_weather',
 *     description: 'Current weather in a city',
 *     parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   },
 * };
 */
export interface ChatRequestTool {
  type: 'function';
  function: {
    name: string;
    description?: string | undefined;
    parameters?: Record<string, unknown> | undefined;
    strict?: boolean | null | undefined;
  };
}

/**
 * Whether and which tool the model must call (OpenAI's `tool_choice`).
 *
 * @example
 * const choice: ChatRequestToolChoice = { type: 'function', function: { name: 'get_weather' } };
 */
export type ChatRequestToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

/**
 * The JSON body {@link streamChat} POSTs. Extra fields are sent as they are, for APIs that take more.
 *
 * @example
 * const body: ChatRequest = {
 *   messages: [{ role: 'user', content: 'Weather in Paris?' }],
 *   tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
 *   tool_choice: 'auto',
 * };
 */
export interface ChatRequest {
  messages: readonly ChatRequestMessage[];
  tools?: readonly ChatRequestTool[] | undefined;
  tool_choice?: ChatRequestToolChoice | undefined;
  [field: string]: unknown;
}

/**
 * A tool call the model is making, built from the `tool-call-*` events. `arguments` is
 * `argumentsText` parsed, once the call is complete and its text is valid JSON. Run a call only
 * when `isComplete` (the protocol forbids running one the stream did not end).
 *
 * @example
 * function runnable(calls: ChatToolCall[]): ChatToolCall[] {
 *   return calls.filter((call) => call.isComplete && call.arguments !== undefined);
 * }
 */
export interface ChatToolCall {
  /** The `toolCallId`: what the `tool` message answering it names as `tool_call_id`. */
  id: string;
  /** The function to call; empty if a resume began after the call's `tool-call-start`. */
  name: string;
  /** The upstream's position among parallel calls, when the server sent it. */
  index?: number | undefined;
  /** The arguments' JSON text so far. */
  argumentsText: string;
  /** `argumentsText` parsed: set once the call is complete and the text parses as JSON. */
  arguments?: unknown;
  /** True once `tool-call-end` arrived. */
  isComplete: boolean;
}

/**
 * What a stream had delivered when it stopped: kept on every error, so a UI can show the partial
 * answer, and enough to resume the generation later (`generationId` + `lastEventId`, or pass it
 * whole to {@link resumeChat} as `partial`).
 *
 * @example
 * function describe(partial: PartialChatResult): string {
 *   return `${partial.text.length} characters of ${partial.generationId ?? 'an unstarted generation'}`;
 * }
 */
export interface PartialChatResult {
  /** The text received so far. */
  text: string;
  /** The reasoning received so far. Always set by this package; optional for hand-made values. */
  reasoning?: string | undefined;
  /** The tool calls so far, complete or not. Always set by this package; optional for hand-made values. */
  toolCalls?: ChatToolCall[] | undefined;
  /** From the `start` event; undefined if the stream failed before it. */
  generationId?: string | undefined;
  model?: string | undefined;
  /** The `id` of the last frame received: what a resume sends as `Last-Event-ID`. */
  lastEventId?: string | undefined;
}

/**
 * A complete answer: what `result` of {@link streamChat} resolves to.
 *
 * @example
 * const { text, finishReason, usage, toolCalls } = await streamChat('/api/chat', body).result;
 * if (finishReason === 'length') console.warn('The answer was cut at the token limit.');
 * if (finishReason === 'tool_calls') console.log(toolCalls.map((call) => call.name));
 * console.log(text, usage?.completionTokens);
 */
export interface ChatResult {
  /** The whole answer: every `text-delta`, joined. */
  text: string;
  /** The whole reasoning: every `reasoning-delta`, joined ('' when the model sent none). */
  reasoning: string;
  /** Every tool call, in the order they started. With `finishReason: 'tool_calls'` all are complete. */
  toolCalls: ChatToolCall[];
  finishReason: FinishReason;
  /** Token counts, when the server reported them. */
  usage?: Usage | undefined;
  generationId: string;
  /** From `start`; '' for a {@link resumeChat} that neither replayed `start` nor was given it. */
  model: string;
  lastEventId?: string | undefined;
}
