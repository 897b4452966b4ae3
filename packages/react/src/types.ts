import type {
  ChatResult,
  ChatStreamError,
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
  /**
   * Completion tokens (from `usage` when the server reported it, else the delta count) per second
   * between the first token and the end (or now, while streaming). Undefined until measurable.
   */
  tokensPerSecond?: number | undefined;
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
}

/**
 * The conversation's state: `submitted` from `send` until the server starts the answer,
 * `streaming` while it arrives, `error` after a failure until the next `send`/`retry`, else `idle`.
 *
 * @example
 * const isBusy = (status: ChatStatus) => status === 'submitted' || status === 'streaming';
 */
export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'error';

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
