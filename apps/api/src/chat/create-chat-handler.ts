import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type {
  GenerationRegistry,
  OpenUpstreamBody,
  SendCompletionRequest,
} from '@tokenwire/server';
import type { Context } from 'hono';
import type OpenAI from 'openai';
import type { ApiConfig } from '../config/load-config.js';
import { ApiError } from '../http/api-error.js';
import type { RateLimiter } from '../rate-limit/create-rate-limiter.js';
import type { ActiveChat, AppEnv, ServerState } from '../server/server-state.js';
import { createAdmissionQueue } from './create-admission-queue.js';
import { parseChatRequest } from './parse-chat-request.js';
import { ClientClosedError, readJsonBody } from './read-json-body.js';

/** What {@link createChatHandler} needs. */
export interface ChatHandlerDependencies {
  config: ApiConfig;
  client: OpenAI;
  /** Reads upstream bodies from the socket's stream (`createNodeFetch().openBody`). */
  openBody?: OpenUpstreamBody | undefined;
  /** Sends each upstream attempt (`createNodeFetch().sendRequest`); default through the SDK. */
  sendRequest?: SendCompletionRequest | undefined;
  /** Where answers are kept for resume and stop by id. */
  registry: GenerationRegistry;
  state: ServerState;
  rateLimiter: RateLimiter | undefined;
  /** Throws 503 `server_busy` when another stream would not fit (`createCapacityCheck`). */
  checkCapacity: () => void;
  /** Headers middleware set (CORS), for a response written to Node directly. */
  headersFor: (c: Context<AppEnv>) => Record<string, string> | undefined;
}

/**
 * Chats that may start their upstream call in one event-loop turn; it binds only in bursts.
 * S3 (1,000 chats at once, medians of paired rounds): all in one turn held running streams'
 * tokens for a p99 of 160–240 ms; 256 per turn, 80–120 ms, with no later first token; 128 or
 * fewer delayed first tokens (TTFT p99 800–1,070 ms against about 700).
 */
const CHAT_STARTS_PER_TURN = 256;

/**
 * Of those, chats that start the moment they arrive rather than in the check phase: steady
 * traffic brings a few per turn (S7, 200 a second: 2–4), and 16 at ~300 µs each hold running
 * streams' tokens for ~5 ms at most. All 256 at once doubled S3's p99 added latency.
 */
const CHAT_STARTS_AT_ONCE_PER_TURN = 16;

const shutdownError = () =>
  new ApiError(503, 'server_shutdown', 'The server is restarting; please retry.', {
    retryable: true,
    retryAfterSeconds: 1,
  });

/**
 * The `POST /api/chat` handler: the app's concerns — rate limit, body, validation, admission,
 * capacity, shutdown, logs — around the one call any backend makes, `streamCompletion(...)`
 * `.pipeToNodeResponse(res)`, through the registry that keeps answers for resume and stop. Everything that fails before the upstream is called is thrown as an
 * {@link ApiError}; the upstream's own failures before the first byte are answered by the stream
 * with the same JSON shape, and after it as an `error` event. A client that goes away (the
 * response's `close`) leaves the answer running for `RESUME_GRACE_MS`, then aborts it.
 *
 * @example
 * app.post('/api/chat', createChatHandler({ config, client, registry, state, rateLimiter, checkCapacity, headersFor }));
 */
export function createChatHandler(dependencies: ChatHandlerDependencies) {
  const {
    config,
    client,
    openBody,
    sendRequest,
    registry,
    state,
    rateLimiter,
    checkCapacity,
    headersFor,
  } = dependencies;
  const admission = createAdmissionQueue(CHAT_STARTS_PER_TURN, CHAT_STARTS_AT_ONCE_PER_TURN);

  return async (c: Context<AppEnv>): Promise<Response> => {
    const { incoming, outgoing } = c.env;
    const record = c.get('record');
    if (state.isShuttingDown) throw shutdownError();
    checkCapacity();
    if (rateLimiter !== undefined) {
      const verdict = rateLimiter.take(record.ip);
      if (!verdict.isAllowed) {
        throw new ApiError(429, 'rate_limited', 'Too many requests; slow down.', {
          retryable: true,
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
      }
    }

    let isClosed = false;
    let terminate: () => void = () => {};
    const chat: ActiveChat = { terminate: () => terminate() };
    state.activeChats.add(chat);
    // Before the request log's listener, so the log line sees the stream already aborted.
    // `prepend`, not `prependOnce` (a wrapper and its state per stream): isClosed guards a repeat.
    outgoing.prependListener('close', () => {
      if (isClosed) return;
      isClosed = true;
      state.activeChats.delete(chat);
      state.onChatEnd?.();
    });

    let body: unknown;
    try {
      body = await readJsonBody(incoming, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof ClientClosedError) return RESPONSE_ALREADY_SENT;
      throw error;
    }
    const request = parseChatRequest(body, config);
    if (config.logContent) record.messages = request.messages;
    if (isClosed) return RESPONSE_ALREADY_SENT;
    if (state.isShuttingDown) throw shutdownError();

    // A few chats per turn start at once (CHAT_STARTS_AT_ONCE_PER_TURN); in a burst the rest go a
    // batch per loop turn (CHAT_STARTS_PER_TURN) in the check phase, behind the I/O already
    // waiting: streams whose upstream has answered write their tokens between batches instead of
    // behind every request being built (S3: p99 added latency 360–410 → 200–250 ms).
    if (!admission.tryEnter()) {
      await admission.admit();
      if (isClosed) return RESPONSE_ALREADY_SENT;
      if (state.isShuttingDown) throw shutdownError();
    }

    const stream = registry.streamCompletion({
      client,
      params: { ...request, model: request.model ?? config.openaiModel },
      timeoutMs: config.upstreamTimeoutMs,
      maxRetries: config.upstreamMaxRetries,
      heartbeatMs: config.heartbeatMs,
      collectText: config.logContent,
      openBody,
      sendRequest,
    });
    record.stream = stream;
    terminate = () => stream.abort('server_shutdown');
    void stream.pipeToNodeResponse(outgoing, { headers: headersFor(c) });
    // The stream writes to Node's ServerResponse directly; this tells @hono/node-server
    // (1.19: a null body with `x-hono-already-sent`) to leave it alone.
    return RESPONSE_ALREADY_SENT;
  };
}
