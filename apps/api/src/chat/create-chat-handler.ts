import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type {
  CompletionStream,
  GenerationRegistry,
  OpenUpstreamBody,
  SendCompletionRequest,
} from '@tokenwire/server';
import { flushFrameWrites } from '@tokenwire/server/node';
import type { Context } from 'hono';
import type OpenAI from 'openai';
import type { ApiConfig } from '../config/load-config.js';
import { ApiError } from '../http/api-error.js';
import type { RateLimiter } from '../rate-limit/create-rate-limiter.js';
import type { ActiveChat, AppEnv, ServerState } from '../server/server-state.js';
import { type AdmissionBudget, createAdmissionQueue } from './create-admission-queue.js';
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
 * How long chat starts may hold the event loop per turn (see createAdmissionQueue). Tokens of
 * running streams wait behind a turn's starts, so the budget bounds what a burst of new chats
 * adds to their latency, whatever one start costs on this machine. A quarter of a second: each
 * batch may hold a running stream's tokens that long, a pause a reader hardly sees, and the
 * burst's last chats no longer wait behind the tokens of every stream started before them
 * (BENCHMARKS.md, round 28, against the 20 ms of rounds 13 to 27). The budget at once is what a
 * steady 200 chats a second (S7) brings per turn.
 */
const CHAT_START_BUDGET: AdmissionBudget = { turnMs: 250, atOnceMs: 1 };

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
  // The running streams' frames leave before each batch of starts, not a batch later.
  const admission = createAdmissionQueue(CHAT_START_BUDGET, { beforeBatch: flushFrameWrites });

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

    const chat = new OpenChat();
    state.activeChats.add(chat);
    // Before the request log's listener, so the log line sees the stream already aborted.
    // `prepend`, not `prependOnce` (a wrapper and its state per stream): isClosed guards a repeat.
    outgoing.prependListener('close', () => {
      if (chat.isClosed) return;
      chat.isClosed = true;
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
    if (chat.isClosed) return RESPONSE_ALREADY_SENT;
    if (state.isShuttingDown) throw shutdownError();

    // Chats start at once while this turn's share of CHAT_START_BUDGET lasts; in a burst the rest
    // go a batch per loop turn in the check phase, behind the I/O already waiting: streams whose
    // upstream has answered write their tokens between batches instead of behind every request
    // being built.
    if (!admission.tryEnter()) {
      await admission.admit();
      if (chat.isClosed) return RESPONSE_ALREADY_SENT;
      if (state.isShuttingDown) throw shutdownError();
    }

    const stream = registry.streamCompletion({
      client,
      // Not `{ ...request, model }`: Node 20's V8 builds a spread followed by more properties on
      // a slow path (BENCHMARKS.md, round 19). `request` is the parser's own object, with the
      // schema's keys only.
      params: Object.assign({}, request, { model: request.model ?? config.openaiModel }),
      timeoutMs: config.upstreamTimeoutMs,
      maxRetries: config.upstreamMaxRetries,
      heartbeatMs: config.heartbeatMs,
      collectText: config.logContent,
      openBody,
      sendRequest,
    });
    record.stream = stream;
    chat.stream = stream;
    void stream.pipeToNodeResponse(outgoing, { headers: headersFor(c) });
    // The stream writes to Node's ServerResponse directly; this tells @hono/node-server
    // (1.19: a null body with `x-hono-already-sent`) to leave it alone.
    return RESPONSE_ALREADY_SENT;
  };
}

/**
 * A chat the shutdown can end, from its request until its response closes. A class: one lives
 * as long as each stream, and its method is shared where closures cost a function each per chat.
 */
class OpenChat implements ActiveChat {
  /** The response closed. */
  isClosed = false;
  /** Set once the chat has started; before that, the handler sees the shutdown itself. */
  stream: CompletionStream | undefined;

  terminate(): void {
    this.stream?.abort('server_shutdown');
  }
}
