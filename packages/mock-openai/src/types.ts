import type { IncomingHttpHeaders, Server } from 'node:http';

/** A `finish_reason` the mock can send. */
export type MockFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

/**
 * The `delta` member that carries reasoning: `reasoning_content` (DeepSeek, llama.cpp) or
 * `reasoning` (vLLM 0.11+, Ollama, OpenRouter).
 *
 * @example
 * const field: MockReasoningField = 'reasoning';
 */
export type MockReasoningField = 'reasoning_content' | 'reasoning';

/**
 * The `choices[0].delta` of one `chat.completion.chunk`, sent as it is (JSON-encoded):
 * `{ content }`, `{ reasoning_content }`, `{ tool_calls: [{ index, id, type, function }] }`, …
 *
 * @example
 * const delta: MockChunkDelta = { tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] };
 */
export type MockChunkDelta = Readonly<Record<string, unknown>>;

/**
 * Faults to inject into one response. Every key is optional; an empty object means "behave".
 * The same keys work as a `[mock key=value …]` directive in the last user message, as
 * `x-mock-<key>` request headers, and as the server-wide `fault` option.
 *
 * @example
 * const fault: MockFault = { drop: 5, once: true };
 */
export interface MockFault {
  /** Fail before streaming with this HTTP status (400–599) and OpenAI's error JSON; 429 adds `retry-after: 1`. */
  status?: number;
  /** Destroy the socket after this many content tokens: a mid-stream connection drop. */
  drop?: number;
  /** Go silent for this many milliseconds after `stallAfter` content tokens, then carry on. */
  stall?: number;
  /** How many content tokens to send before the stall (default 0: right after the role chunk). */
  stallAfter?: number;
  /** The `finish_reason` to send instead of the natural one. */
  finish?: MockFinishReason;
  /** Answer with exactly this many generated (deterministic, multi-byte) tokens. */
  tokens?: number;
  /** Send this many reasoning tokens (deterministic, multi-byte) before the answer. */
  reasoning?: number;
  /** The delta member that carries reasoning (default `reasoning_content`). */
  reasoningField?: MockReasoningField;
  /**
   * Answer with this many parallel tool calls (finish reason `tool_calls`) instead of text, unless
   * the last message is a `tool` result: then answer with text, so a tool round trip completes.
   */
  tools?: number;
  /** Tokens per second for this response; 0 means as fast as the socket takes them. */
  rate?: number;
  /** Apply this fault only the first time its exact text is seen by the server, so a retry succeeds. */
  once?: boolean;
  /** A free-form label; it changes nothing but the directive text, which keeps `once` directives apart. */
  id?: string;
}

/** The subset of OpenAI's chat-completions request body the mock reads. */
export interface MockChatCompletionRequest {
  model: string;
  messages: ReadonlyArray<{
    role: string;
    content?: string | ReadonlyArray<{ type: string; text?: string }> | null;
    /** An assistant message's calls, as OpenAI returns them. */
    tool_calls?: ReadonlyArray<{
      id: string;
      type?: string;
      function?: { name?: string; arguments?: string };
    }> | null;
    /** A `tool` message's answer to that call. */
    tool_call_id?: string;
    [key: string]: unknown;
  }>;
  tools?: ReadonlyArray<{ type?: string; function?: { name?: string; [key: string]: unknown } }>;
  tool_choice?: unknown;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  [key: string]: unknown;
}

/** Emitted when a chat-completions request has been read, before anything is answered. */
export interface MockRequestEvent {
  /** The completion id (`chatcmpl-…`), also sent as `id` in every chunk and as `x-request-id`. */
  id: string;
  /** The parsed JSON body as sent (not validated), or `undefined` when it was not JSON. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** Emitted exactly once per {@link MockRequestEvent}, when its response is over. */
export interface MockCloseEvent {
  id: string;
  /** `false` when the client went away (or a `drop` fault cut the socket) before the end. */
  completed: boolean;
  /** Tokens written to the socket: content, reasoning and tool-call argument pieces. */
  tokensSent: number;
  /** The HTTP status that was (or was about to be) sent. */
  status: number;
  /** `performance.now()` when the close was observed. */
  at: number;
}

/**
 * Options for {@link startMockOpenAI} and {@link createMockOpenAIHandler}.
 *
 * @example
 * const options: MockOpenAIOptions = { tokensPerSecond: 0, fault: { finish: 'length' } };
 */
export interface MockOpenAIOptions {
  /** Port to listen on (default 0: a free port). Ignored by `createMockOpenAIHandler`. */
  port?: number;
  /** Host to listen on (default `127.0.0.1`). Ignored by `createMockOpenAIHandler`. */
  host?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401. */
  apiKey?: string;
  /** Pace of content tokens (default 40; 0 = as fast as the socket takes them). */
  tokensPerSecond?: number;
  /** Markdown answers to pick from, deterministically by prompt (default {@link defaultAnswers}). */
  answers?: readonly string[];
  /** Produces the content pieces for a request, instead of a tokenized answer. */
  tokens?: (request: MockChatCompletionRequest) => Iterable<string>;
  /**
   * Produces the exact stream for a request: each item is one chunk's `choices[0].delta`, sent
   * as it is after the role chunk, then the finish chunk (`tool_calls` when a delta had
   * `tool_calls`, else `stop`). Wins over `tokens`; the `tokens`, `reasoning` and `tools` fault
   * keys win over it.
   */
  chunks?: (request: MockChatCompletionRequest) => Iterable<MockChunkDelta>;
  /** Server-wide cap on content tokens; the request's `max_tokens` wins when smaller. */
  maxTokens?: number;
  /** Faults applied to every request unless a header or directive overrides the key. */
  fault?: MockFault;
  /** Model ids listed by `GET /v1/models`. */
  models?: readonly string[];
  /** Called for every chat-completions request (see {@link MockRequestEvent}). */
  onRequest?: (event: MockRequestEvent) => void;
  /** Called once per request when its response is over (see {@link MockCloseEvent}). */
  onClose?: (event: MockCloseEvent) => void;
}

/** A Node request listener serving the mock's routes. */
export type MockOpenAIHandler = (
  request: import('node:http').IncomingMessage,
  response: import('node:http').ServerResponse,
) => void;

/**
 * A running mock server, as returned by {@link startMockOpenAI}.
 *
 * @example
 * const mock = await startMockOpenAI();
 * mock.on('close', (event) => console.log(event.id, event.completed));
 * await mock.close();
 */
export interface MockOpenAI {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:40123/v1`: pass it as the SDK's `baseURL`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Chat-completions requests whose response is not over yet. */
  readonly openStreams: number;
  /** Chat-completions requests received so far. */
  readonly totalRequests: number;
  on(event: 'request', listener: (event: MockRequestEvent) => void): this;
  on(event: 'close', listener: (event: MockCloseEvent) => void): this;
  off(event: 'request', listener: (event: MockRequestEvent) => void): this;
  off(event: 'close', listener: (event: MockCloseEvent) => void): this;
  /** Stops listening and destroys every open socket (their `close` events fire with `completed: false`). */
  close(): Promise<void>;
}
