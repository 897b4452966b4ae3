import {
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type ChatStreamError,
  type ChatStreamStatus,
  HttpError,
  isAbortError,
  NetworkError,
  resumeChat,
  type StreamChatOptions,
  streamChat,
  TokenwireError,
} from '@tokenwire/client';
import { createId } from './create-id.js';
import { type AnswerTiming, measureAnswer } from './measure-answer.js';
import { requestFrame } from './request-frame.js';
import { findToolRunners, runTools } from './run-tools.js';
import { toRequestMessages } from './to-request-messages.js';
import { toToolDefinitions } from './to-tool-definitions.js';
import type { ChatMessage, ChatMessageToolCall, ChatStatus, UseChatOptions } from './types.js';

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
  /**
   * Aborts the answer in flight, as on unmount, but keeps an interrupted answer attachable:
   * StrictMode unmounts and mounts again in development.
   */
  dispose(): void;
  reset(): void;
  /**
   * Attaches to the answer a reload interrupted (the last initial message, still `streaming`
   * with a generation id), if it is still on screen; else does nothing.
   */
  resumeInterrupted(): Promise<void>;
}

interface Run {
  stream: ChatStream;
  assistantId: string;
  text: string;
  /** Tool rounds run before this answer, in the same `send`. */
  round: number;
  /** A page reload's answer attached again by its id: a server that forgot it means "stopped". */
  isReattached: boolean;
  hasToolCalls: boolean;
  isReconnecting: boolean;
  hasStarted: boolean;
  /** Something arrived that the last commit does not show yet. */
  isDirty: boolean;
  timing: AnswerTiming;
}

/** Rounds of client-side tools one `send` may run, unless `maxToolRounds` says otherwise. */
const DEFAULT_MAX_TOOL_ROUNDS = 3;

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
  const last = initialMessages.at(-1);
  // The answer a reload interrupted, if it can be attached to again by its generation id.
  let interrupted =
    getOptions().resume !== false &&
    last?.role === 'assistant' &&
    last.status === 'streaming' &&
    typeof last.generationId === 'string'
      ? last
      : undefined;
  let state: ChatState = {
    // Any other message saved mid-stream has no stream behind it any more.
    messages: initialMessages.map((message) =>
      message.status === 'streaming' && message !== interrupted
        ? { ...message, status: 'stopped' }
        : message,
    ),
    status: interrupted ? 'submitted' : 'idle',
    error: undefined,
  };
  /** Client-side tools running between two rounds; cancelling it drops their results. */
  let toolRun: { isCancelled: boolean } | undefined;
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

  /** What the answer shows so far: read from the stream once per commit, not per delta. */
  const progress = (run: Run, now: number): Partial<ChatMessage> => {
    const { stream } = run;
    const patch: Partial<ChatMessage> = {
      content: run.text,
      metrics: measureAnswer(run.timing, now),
    };
    const reasoning = stream.reasoning;
    if (reasoning !== '') patch.reasoning = reasoning;
    if (run.hasToolCalls) patch.toolCalls = stream.toolCalls;
    if (stream.generationId !== undefined) patch.generationId = stream.generationId;
    if (stream.lastEventId !== undefined) patch.lastEventId = stream.lastEventId;
    return patch;
  };

  const statusOf = (run: Run): ChatStatus =>
    run.isReconnecting ? 'reconnecting' : run.hasStarted ? 'streaming' : 'submitted';

  const cancelTools = (): boolean => {
    if (toolRun === undefined) return false;
    toolRun.isCancelled = true;
    toolRun = undefined;
    return true;
  };

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
      commit({ messages: withAssistant(run, progress(run, Date.now())), status: statusOf(run) });
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

  /** Stop pressed before the interrupted answer was attached to: it stays as it was saved. */
  const stopInterrupted = (): void => {
    const message = interrupted;
    interrupted = undefined;
    if (!message || state.messages.at(-1) !== message) return;
    commit({
      messages: state.messages.map((item) =>
        item === message ? { ...item, status: 'stopped' } : item,
      ),
      status: 'idle',
    });
  };

  const dispose = (): void => {
    const run = detach();
    if (run === undefined) {
      // Stopped between two rounds: the answer with the tool calls stays as it is.
      if (cancelTools()) commit({ status: 'idle' });
      return;
    }
    run.stream.abort();
    run.timing.endedAt = Date.now();
    commit({
      messages: withAssistant(run, {
        ...progress(run, run.timing.endedAt),
        status: 'stopped',
      }),
      status: 'idle',
    });
  };

  const stop = (): void => {
    stopInterrupted();
    dispose();
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
      generationId: result.generationId,
    };
    if (result.usage !== undefined) patch.usage = result.usage;
    if (result.reasoning !== '') patch.reasoning = result.reasoning;
    if (result.toolCalls.length > 0) patch.toolCalls = result.toolCalls;
    if (result.lastEventId !== undefined) patch.lastEventId = result.lastEventId;
    const options = getOptions();
    const runners =
      result.finishReason === 'tool_calls' &&
      run.round < (options.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS)
        ? findToolRunners(result.toolCalls, options)
        : undefined;
    const tools = runners ? { isCancelled: false } : undefined;
    if (tools) toolRun = tools;
    const settled = settle(() => {
      // While the tools run, the conversation stays busy: Stop cancels them.
      commit({ messages: withAssistant(run, patch), status: tools ? 'streaming' : 'idle' });
      const message = findAssistant(run);
      const { onFinish } = getOptions();
      if (onFinish && message) callUser(() => onFinish(message, result));
    });
    if (!runners || !tools) return settled;
    return settled.then(() => continueWithTools(run, result.toolCalls, runners, tools));
  };

  /** Runs the answer's tool calls, records their results, and asks the model again. */
  const continueWithTools = async (
    run: Run,
    calls: ChatResult['toolCalls'],
    runners: Parameters<typeof runTools>[1],
    tools: { isCancelled: boolean },
  ): Promise<void> => {
    const answered: ChatMessageToolCall[] = await runTools(calls, runners);
    if (tools.isCancelled || toolRun !== tools) return;
    toolRun = undefined;
    const isComplete = answered.every(
      (call) => call.result !== undefined || call.error !== undefined,
    );
    const messages = withAssistant(run, { toolCalls: answered });
    if (!isComplete) {
      commit({ messages, status: 'idle' });
      return;
    }
    return start(messages, run.round + 1);
  };

  const fail = (run: Run, error: unknown): Promise<void> => {
    if (active !== run) return Promise.resolve();
    if (isAbortError(error)) {
      stop();
      return Promise.resolve();
    }
    if (
      run.isReattached &&
      error instanceof HttpError &&
      (error.status === 404 || error.status === 410)
    ) {
      // The server no longer has the answer a reload interrupted: it ended as it was saved.
      stop();
      return Promise.resolve();
    }
    detach();
    run.timing.endedAt = Date.now();
    const chatError = toChatStreamError(error, run.text);
    const patch: Partial<ChatMessage> = {
      ...progress(run, run.timing.endedAt),
      status: 'error',
    };
    return settle(() => {
      commit({ messages: withAssistant(run, patch), status: 'error', error: chatError });
      const message = findAssistant(run);
      const { onError } = getOptions();
      if (onError && message) callUser(() => onError(chatError, message));
    });
  };

  /** The callbacks every stream of a run reports to. */
  const listen = (run: Run): StreamChatOptions => {
    const options = getOptions();
    const endReasoning = (): void => {
      if (run.timing.reasoningStartedAt !== undefined) run.timing.reasoningEndedAt ??= Date.now();
    };
    const touch = (): void => {
      run.isDirty = true;
      scheduleFrame();
    };
    return {
      headers: options.headers,
      credentials: options.credentials,
      fetch: options.fetch,
      silenceTimeoutMs: options.silenceTimeoutMs,
      onEvent: (event) => {
        if (active !== run || event.type !== 'start') return;
        run.hasStarted = true;
        touch();
      },
      onText: (_delta, text) => {
        if (active !== run) return;
        run.text = text;
        run.timing.deltaCount += 1;
        run.timing.firstTokenAt ??= Date.now();
        endReasoning();
        touch();
      },
      onReasoning: () => {
        if (active !== run) return;
        run.hasStarted = true;
        run.timing.reasoningStartedAt ??= Date.now();
        touch();
      },
      onToolCallStart: () => {
        if (active !== run) return;
        run.hasToolCalls = true;
        endReasoning();
        touch();
      },
      onToolCallDelta: () => {
        if (active === run) touch();
      },
      onToolCall: () => {
        if (active === run) touch();
      },
      onStatusChange: (status: ChatStreamStatus) => {
        if (active !== run) return;
        const isReconnecting = status === 'reconnecting';
        if (isReconnecting === run.isReconnecting) return;
        run.isReconnecting = isReconnecting;
        touch();
      },
    };
  };

  const createRun = (
    assistantId: string,
    round: number,
    timing: AnswerTiming,
    open: (run: Run) => ChatStream,
  ): Run => {
    const run = {
      assistantId,
      text: '',
      round,
      isReattached: false,
      hasToolCalls: false,
      isReconnecting: false,
      hasStarted: false,
      isDirty: false,
      timing,
    } as Run;
    run.stream = open(run);
    return run;
  };

  const follow = (run: Run): Promise<void> =>
    run.stream.result.then(
      (result) => finish(run, result),
      (error: unknown) => fail(run, error),
    );

  const start = (history: readonly ChatMessage[], round = 0): Promise<void> => {
    const options = getOptions();
    const startedAt = Date.now();
    const assistant: ChatMessage = {
      id: createId(),
      role: 'assistant',
      content: '',
      status: 'streaming',
      metrics: { startedAt, deltaCount: 0 },
    };
    const body: ChatRequest = { messages: toRequestMessages(history) };
    const tools = toToolDefinitions(options.tools);
    if (tools.length > 0) {
      body.tools = tools;
      if (options.toolChoice !== undefined) body.tool_choice = options.toolChoice;
    }
    const run = createRun(assistant.id, round, { startedAt, deltaCount: 0 }, (created) =>
      streamChat(options.api, body, listen(created)),
    );
    active = run;
    commit({ messages: [...history, assistant], status: 'submitted', error: undefined });
    return follow(run);
  };

  const resumeInterrupted = (): Promise<void> => {
    const message = interrupted;
    interrupted = undefined;
    if (!message || active || state.messages.at(-1) !== message) return Promise.resolve();
    const generationId = message.generationId ?? '';
    const metrics = message.metrics;
    const timing: AnswerTiming = {
      startedAt: metrics?.startedAt ?? Date.now(),
      firstTokenAt: metrics?.firstTokenAt,
      deltaCount: metrics?.deltaCount ?? 0,
      reasoningStartedAt: metrics?.reasoningStartedAt,
    };
    const hasAnswerBegun = message.content !== '' || (message.toolCalls?.length ?? 0) > 0;
    if (hasAnswerBegun && metrics?.reasoningStartedAt !== undefined) {
      timing.reasoningEndedAt = metrics.reasoningStartedAt + (metrics.reasoningMs ?? 0);
    }
    const run = createRun(message.id, 0, timing, (created) =>
      resumeChat(getOptions().api, generationId, {
        ...listen(created),
        lastEventId: message.lastEventId,
        partial: {
          text: message.content,
          reasoning: message.reasoning ?? '',
          toolCalls: message.toolCalls ?? [],
          generationId,
          lastEventId: message.lastEventId,
        },
      }),
    );
    run.isReattached = true;
    run.hasStarted = message.lastEventId !== undefined;
    run.hasToolCalls = (message.toolCalls?.length ?? 0) > 0;
    // Without a last event id the server replays everything: the text starts again from ''.
    if (message.lastEventId !== undefined) run.text = message.content;
    active = run;
    commit({ status: statusOf(run), error: undefined });
    return follow(run);
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
    dispose,
    reset() {
      interrupted = undefined;
      cancelTools();
      detach()?.stream.abort();
      commit({ messages: [], status: 'idle', error: undefined });
    },
    resumeInterrupted,
  };
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
