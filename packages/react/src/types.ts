import type {
  ChatRequestToolChoice,
  ChatResult,
  ChatStreamError,
  ChatToolCall,
  FetchFunction,
  FinishReason,
  Usage,
} from '@tokenwire/client';

/**
 * Where an assistant message stands: `streaming` while it arrives, `done` when `finish` came,
 * `stopped` after {@link UseChatResult.stop}, `error` when the stream failed (the partial text stays).
 *
 * @example
 * const badge: Record<ChatMessageStatus, string> = {
 *   streaming: '…', done: '', stopped: 'stopped', error: 'failed',
 * };
 */
export type ChatMessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/**
 * Timing of one answer, for the UI. Timestamps are `Date.now()` milliseconds (they survive
 * `JSON.stringify`, so a conversation restored from localStorage keeps them).
 *
 * @example
 * function caption({ timeToFirstTokenMs, tokensPerSecond }: ChatMessageMetrics): string {
 *   return `${timeToFirstTokenMs ?? '–'} ms to first token · ${tokensPerSecond?.toFixed(1) ?? '–'} tokens/s`;
 * }
 */
export interface ChatMessageMetrics {
  /** When the request was sent. */
  startedAt: number;
  /** When the first `text-delta` arrived. */
  firstTokenAt?: number | undefined;
  /** When the answer finished, failed or was stopped. */
  endedAt?: number | undefined;
  /** `firstTokenAt - startedAt`. */
  timeToFirstTokenMs?: number | undefined;
  /** `text-delta` events received. */
  deltaCount: number;
  /** When the first `reasoning-delta` arrived. */
  reasoningStartedAt?: number | undefined;
  /**
   * How long the model reasoned: from the first `reasoning-delta` to the first piece of the answer
   * (text or a tool call), or to the end; grows while only reasoning arrives.
   */
  reasoningMs?: number | undefined;
  /**
   * Completion tokens (from `usage` when the server reported it, else the delta count) per second
   * between the first token and the end (or now, while streaming). Undefined until measurable.
   */
  tokensPerSecond?: number | undefined;
}

/**
 * A tool call of an assistant message, as it streams and once it ran: what the model asked
 * (`name`, `argumentsText`, `arguments` once complete) and, once known, the tool's `result`.
 *
 * @example
 * function describeCall(call: ChatMessageToolCall): string {
 *   return call.result === undefined ? `${call.name}(${call.argumentsText})…` : `${call.name} → ${JSON.stringify(call.result)}`;
 * }
 */
export interface ChatMessageToolCall extends ChatToolCall {
  /** What the tool returned (sent to the model as JSON text, or as is when a string). */
  result?: unknown;
  /** Set when the tool threw: its message (the model is sent `{ "error": message }`). */
  error?: string | undefined;
}

/**
 * One message of the conversation, as {@link useChat} keeps it.
 *
 * @example
 * const restored: ChatMessage[] = JSON.parse(localStorage.getItem('chat') ?? '[]');
 * const question: ChatMessage = { id: 'm1', role: 'user', content: 'What is SSE?' };
 */
export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  /** Set on assistant messages. */
  status?: ChatMessageStatus | undefined;
  finishReason?: FinishReason | undefined;
  usage?: Usage | undefined;
  metrics?: ChatMessageMetrics | undefined;
  /** The model's reasoning ("thinking") before or beside its answer, when it sent any. */
  reasoning?: string | undefined;
  /** The tool calls the model made in this answer, in the order they started. */
  toolCalls?: ChatMessageToolCall[] | undefined;
  /**
   * The generation behind an assistant message (from `start`): kept so that a page reloaded
   * during the answer can attach to it again ({@link UseChatOptions.resume}).
   */
  generationId?: string | undefined;
  /** The seq of the last event this message shows: where a resume picks up. */
  lastEventId?: string | undefined;
}

/**
 * The conversation's state: `submitted` from `send` until the server starts the answer,
 * `streaming` while it arrives (and while client-side tools run), `reconnecting` while the client
 * resumes an interrupted answer (show "Reconnecting…"), `error` after a failure until the next
 * `send`/`retry`, else `idle`.
 *
 * @example
 * const isBusy = (status: ChatStatus) => status !== 'idle' && status !== 'error';
 */
export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'reconnecting' | 'error';

/**
 * Runs a tool in the browser: gets the call's parsed arguments (and the call) and returns its
 * result, or a promise of it. What it throws is sent to the model as `{ "error": message }`.
 *
 * @example
 * const getWeather: ChatToolFunction = async (args) => ({ city: (args as { city: string }).city, celsius: 21 });
 */
export type ChatToolFunction = (args: unknown, call: ChatToolCall) => unknown;

/**
 * A client-side tool: the function that runs it, and how the model is told about it (sent as
 * OpenAI's `tools[]` entry, `parameters` being a JSON Schema). A bare function is a tool without
 * description or schema.
 *
 * @example
 * const getWeather: ChatTool = {
 *   description: 'The weather in a city',
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execute: async (args) => ({ city: (args as { city: string }).city, forecast: 'sunny' }),
 * };
 */
export type ChatTool =
  | ChatToolFunction
  | {
      description?: string | undefined;
      parameters?: Record<string, unknown> | undefined;
      /** Without it the tool is only declared: a call to it goes to `onToolCall`. */
      execute?: ChatToolFunction | undefined;
    };

/**
 * Options for {@link useChat}. They are read when used, so changing them between renders needs
 * no memoisation.
 *
 * @example
 * const options: UseChatOptions = {
 *   api: '/api/chat',
 *   headers: { Authorization: `Bearer ${token}` },
 *   onError: (error) => console.warn(error.kind, error.code),
 * };
 */
export interface UseChatOptions {
  /** The tokenwire endpoint to POST `{ messages }` to. */
  api: string | URL;
  /** The conversation to start from (read once, on mount), e.g. restored from localStorage. */
  initialMessages?: readonly ChatMessage[] | undefined;
  /** Called when an answer finished, with the final message and the client's result. */
  onFinish?: ((message: ChatMessage, result: ChatResult) => void) | undefined;
  /** Called when an answer failed (not when it was stopped), with the failed message. */
  onError?: ((error: ChatStreamError, message: ChatMessage) => void) | undefined;
  /** Called after every change of `messages` (at most once per frame while streaming). */
  onMessagesChange?: ((messages: readonly ChatMessage[]) => void) | undefined;
  headers?: HeadersInit | undefined;
  credentials?: RequestCredentials | undefined;
  /** Replaces the global `fetch`. */
  fetch?: FetchFunction | undefined;
  /**
   * Client-side tools by name, sent with every request as `tools`. When an answer finishes with
   * reason `tool_calls` and every call has a tool that runs (here or through `onToolCall`), the
   * hook runs them, records each `result` on the answer's `toolCalls`, and asks again with the
   * answer's `tool_calls` and one `tool` message per result: the next answer is a new message.
   *
   * @example
   * useChat({ api: '/api/chat', tools: { get_weather: async (args) => ({ forecast: 'sunny' }) } });
   */
  tools?: Record<string, ChatTool> | undefined;
  /** Sent as the request's `tool_choice` when there are `tools`. */
  toolChoice?: ChatRequestToolChoice | undefined;
  /**
   * How many times in a row one `send` may run tools and ask again (default 3): a model that
   * keeps calling tools stops there, its last answer keeping its calls without results.
   */
  maxToolRounds?: number | undefined;
  /**
   * Runs a tool call that no entry of `tools` runs. Return its result (or a promise of it);
   * return `undefined` to leave the call unanswered, which ends the round trip.
   *
   * @example
   * useChat({ api: '/api/chat', onToolCall: (call) => (call.name === 'now' ? new Date().toISOString() : undefined) });
   */
  onToolCall?: ((call: ChatToolCall) => unknown) | undefined;
  /**
   * Whether an answer still `streaming` in `initialMessages` (a page reloaded mid-answer) is
   * attached to again by its `generationId`, continuing after its `lastEventId` (default true).
   * False, or without a generation id, it is marked `stopped`.
   */
  resume?: boolean | undefined;
  /**
   * How long an answer's connection may send nothing at all, heartbeats included, before the
   * client treats it as dead and resumes it (or, when that fails, ends the answer with a
   * `network` error whose code is `silence_timeout`). Used by the first request and by every
   * resume. Default: `streamChat`'s (45 000 ms); `0` or `Infinity` turns it off. Keep it well
   * above the server's heartbeat interval (`: ping` comments, 15 s by default on tokenwire's API).
   *
   * @example
   * useChat({ api: '/api/chat', silenceTimeoutMs: 20_000 });
   */
  silenceTimeoutMs?: number | undefined;
}

/**
 * What {@link useChat} returns. The functions keep their identity across renders.
 *
 * @example
 * function StopButton({ chat }: { chat: UseChatResult }) {
 *   return <button type="button" onClick={chat.stop} disabled={chat.status === 'idle'}>Stop</button>;
 * }
 */
export interface UseChatResult {
  messages: readonly ChatMessage[];
  status: ChatStatus;
  /** The last failure, until the next `send` or `retry`; `error.partial.text` is what arrived. */
  error: ChatStreamError | undefined;
  /**
   * Appends a user message and streams the answer. Blank text is ignored; an answer still in
   * flight is stopped first. Resolves when the answer settles; never rejects.
   */
  send: (text: string) => Promise<void>;
  /** Aborts the request (the API then aborts the model); the partial answer stays, `stopped`. */
  stop: () => void;
  /** Re-sends the last user message, replacing the answer after it (failed, stopped or not). */
  retry: () => Promise<void>;
  /**
   * Replaces the user message `messageId` with a new one holding `text` (a new id), drops
   * everything after it and streams the answer. Blank text or an unknown id does nothing.
   */
  edit: (messageId: string, text: string) => Promise<void>;
  /**
   * Shows another conversation (e.g. another version of a branch): stops any answer in flight
   * and replaces `messages`; the next request sends exactly these.
   */
  setMessages: (messages: readonly ChatMessage[]) => void;
  /** Aborts any answer and clears the conversation. */
  reset: () => void;
}
