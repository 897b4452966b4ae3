import {
  type ChatRequestMessage,
  type ChatResult,
  type ChatStream,
  type ChatStreamError,
  isAbortError,
  NetworkError,
  streamChat,
  TokenwireError,
} from '@tokenwire/client';
import { createId } from './create-id.js';
import { type AnswerTiming, measureAnswer } from './measure-answer.js';
import { requestFrame } from './request-frame.js';
import type { ChatMessage, ChatStatus, UseChatOptions } from './types.js';

export interface ChatState {
  messages: readonly ChatMessage[];
  status: ChatStatus;
  error: ChatStreamError | undefined;
}

export interface ChatStore {
  getSnapshot(): ChatState;
  subscribe(listener: () => void): () => void;
  send(text: string): Promise<void>;
  retry(): Promise<void>;
  edit(messageId: string, text: string): Promise<void>;
  setMessages(messages: readonly ChatMessage[]): void;
  stop(): void;
  reset(): void;
}

interface Run {
  stream: ChatStream;
  assistantId: string;
  text: string;
  hasStarted: boolean;
  /** Something arrived that the last commit does not show yet. */
  isDirty: boolean;
  timing: AnswerTiming;
}

/**
 * How long the end of an answer waits for the next animation frame before it commits anyway:
 * longer than any frame of a visible page, so it only matters where frames stop (a hidden tab).
 */
const SETTLE_TIMEOUT_MS = 100;

/**
 * The conversation outside React: {@link useChat} subscribes to it with `useSyncExternalStore`.
 * Deltas only mark the answer dirty; one commit per animation frame publishes them, so the render
 * rate is bounded by the display, not by the token rate. The end of an answer commits at once,
 * unless this frame already committed text: then it takes the next frame, so no frame renders
 * twice. User actions commit at once (applying first an end that is still waiting for its frame).
 */
export function createChatStore(
  initialMessages: readonly ChatMessage[],
  getOptions: () => UseChatOptions,
): ChatStore {
  let state: ChatState = {
    // A message saved mid-stream (a reload during an answer) has no stream behind it any more.
    messages: initialMessages.map((message) =>
      message.status === 'streaming' ? { ...message, status: 'stopped' } : message,
    ),
    status: 'idle',
    error: undefined,
  };
  const listeners = new Set<() => void>();
  let active: Run | undefined;
  let isFrameScheduled = false;
  /** True from a frame's commit until the next frame begins (the frame callback keeps running). */
  let hasFrameCommit = false;
  /** The end of an answer waiting for the next frame; calling it applies it now. */
  let pendingSettle: (() => void) | undefined;

  const commit = (next: Partial<ChatState>): void => {
    const previous = state;
    state = { ...state, ...next };
    for (const listener of listeners) listener();
    if (state.messages !== previous.messages) {
      const { onMessagesChange } = getOptions();
      if (onMessagesChange) callUser(() => onMessagesChange(state.messages));
    }
  };

  const withAssistant = (run: Run, patch: Partial<ChatMessage>): readonly ChatMessage[] =>
    state.messages.map((message) =>
      message.id === run.assistantId ? { ...message, ...patch } : message,
    );

  const findAssistant = (run: Run): ChatMessage | undefined =>
    state.messages.find((message) => message.id === run.assistantId);

  /**
   * The one callback per animation frame: publishes what arrived, or the end of an answer that
   * waited for this frame. After a commit it runs once more, to learn that the next frame began.
   */
  const onFrame = (): void => {
    isFrameScheduled = false;
    hasFrameCommit = false;
    const run = active;
    if (pendingSettle) {
      pendingSettle();
    } else if (run?.isDirty) {
      run.isDirty = false;
      commit({
        messages: withAssistant(run, {
          content: run.text,
          metrics: measureAnswer(run.timing, Date.now()),
        }),
        status: run.hasStarted ? 'streaming' : 'submitted',
      });
      hasFrameCommit = true;
    }
    if (hasFrameCommit) scheduleFrame();
  };

  const scheduleFrame = (): void => {
    if (isFrameScheduled) return;
    isFrameScheduled = true;
    requestFrame(onFrame);
  };

  /**
   * Runs `apply`, the last commit of an answer, now, or in the next frame when this one already
   * rendered the answer's text: a 500 tokens/s stream then ends with one render per frame too.
   */
  const settle = (apply: () => void): Promise<void> => {
    if (!hasFrameCommit) {
      apply();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const run = (): void => {
        if (pendingSettle !== run) return;
        pendingSettle = undefined;
        clearTimeout(timer);
        apply();
        hasFrameCommit = true;
        resolve();
      };
      // Hidden tabs get no animation frames: the end must not wait for the tab to be shown.
      const timer = setTimeout(run, SETTLE_TIMEOUT_MS);
      pendingSettle = run;
      scheduleFrame();
    });
  };

  /** Makes `run` inactive: its late callbacks and settlement are ignored from here on. */
  const detach = (): Run | undefined => {
    // A user action sees the conversation as it is: an answer that ended is applied first.
    pendingSettle?.();
    const run = active;
    active = undefined;
    return run;
  };

  const stop = (): void => {
    const run = detach();
    if (run === undefined) return;
    run.stream.abort();
    run.timing.endedAt = Date.now();
    commit({
      messages: withAssistant(run, {
        content: run.text,
        status: 'stopped',
        metrics: measureAnswer(run.timing, run.timing.endedAt),
      }),
      status: 'idle',
    });
  };

  const finish = (run: Run, result: ChatResult): Promise<void> => {
    if (active !== run) return Promise.resolve();
    detach();
    run.timing.endedAt = Date.now();
    run.timing.completionTokens = result.usage?.completionTokens;
    const patch: Partial<ChatMessage> = {
      content: result.text,
      status: 'done',
      finishReason: result.finishReason,
      metrics: measureAnswer(run.timing, run.timing.endedAt),
    };
    if (result.usage !== undefined) patch.usage = result.usage;
    return settle(() => {
      commit({ messages: withAssistant(run, patch), status: 'idle' });
      const message = findAssistant(run);
      const { onFinish } = getOptions();
      if (onFinish && message) callUser(() => onFinish(message, result));
    });
  };

  const fail = (run: Run, error: unknown): Promise<void> => {
    if (active !== run) return Promise.resolve();
    if (isAbortError(error)) {
      stop();
      return Promise.resolve();
    }
    detach();
    run.timing.endedAt = Date.now();
    const chatError = toChatStreamError(error, run.text);
    const patch: Partial<ChatMessage> = {
      content: run.text,
      status: 'error',
      metrics: measureAnswer(run.timing, run.timing.endedAt),
    };
    return settle(() => {
      commit({ messages: withAssistant(run, patch), status: 'error', error: chatError });
      const message = findAssistant(run);
      const { onError } = getOptions();
      if (onError && message) callUser(() => onError(chatError, message));
    });
  };

  const start = (history: readonly ChatMessage[]): Promise<void> => {
    const options = getOptions();
    const startedAt = Date.now();
    const assistant: ChatMessage = {
      id: createId(),
      role: 'assistant',
      content: '',
      status: 'streaming',
      metrics: { startedAt, deltaCount: 0 },
    };
    const run: Run = {
      assistantId: assistant.id,
      text: '',
      hasStarted: false,
      isDirty: false,
      timing: { startedAt, deltaCount: 0 },
      stream: streamChat(
        options.api,
        { messages: toRequestMessages(history) },
        {
          headers: options.headers,
          credentials: options.credentials,
          fetch: options.fetch,
          onEvent: (event) => {
            if (active !== run || event.type !== 'start') return;
            run.hasStarted = true;
            run.isDirty = true;
            scheduleFrame();
          },
          onText: (_delta, text) => {
            if (active !== run) return;
            run.text = text;
            run.timing.deltaCount += 1;
            run.timing.firstTokenAt ??= Date.now();
            run.isDirty = true;
            scheduleFrame();
          },
        },
      ),
    };
    active = run;
    commit({ messages: [...history, assistant], status: 'submitted', error: undefined });
    return run.stream.result.then(
      (result) => finish(run, result),
      (error: unknown) => fail(run, error),
    );
  };

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    send(text) {
      if (text.trim() === '') return Promise.resolve();
      stop();
      return start([...state.messages, { id: createId(), role: 'user', content: text }]);
    },
    retry() {
      let index = state.messages.length - 1;
      while (index >= 0 && state.messages[index]?.role !== 'user') index -= 1;
      if (index < 0) return Promise.resolve();
      // Stopped, not dropped: a caller keeping versions (onMessagesChange) sees how it ended.
      stop();
      return start(state.messages.slice(0, index + 1));
    },
    edit(messageId, text) {
      const index = state.messages.findIndex((message) => message.id === messageId);
      if (text.trim() === '' || index < 0 || state.messages[index]?.role !== 'user') {
        return Promise.resolve();
      }
      stop();
      return start([
        ...state.messages.slice(0, index),
        { id: createId(), role: 'user', content: text },
      ]);
    },
    setMessages(messages) {
      stop();
      commit({ messages, status: 'idle', error: undefined });
    },
    stop,
    reset() {
      detach()?.stream.abort();
      commit({ messages: [], status: 'idle', error: undefined });
    },
  };
}

/**
 * The API's request schema. Failed answers and empty ones (stopped before any text) are left
 * out: they are not something the model said.
 */
function toRequestMessages(history: readonly ChatMessage[]): ChatRequestMessage[] {
  return history
    .filter(
      (message) =>
        message.role === 'user' || (message.status !== 'error' && message.content !== ''),
    )
    .map(({ role, content }) => ({ role, content }));
}

function toChatStreamError(error: unknown, text: string): ChatStreamError {
  if (error instanceof TokenwireError) return error as ChatStreamError;
  // Unreachable through streamChat, which types every failure; kept so `error` stays typed.
  return new NetworkError(error instanceof Error ? error.message : String(error), { text }, error);
}

/** A throwing user callback must not break the store or reject `send`: report it like React does. */
function callUser(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
