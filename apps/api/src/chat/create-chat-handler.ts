import type { OutgoingHttpHeaders } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type OpenAI from 'openai';
import type { ApiConfig } from '../config/load-config.js';
import { Generation } from '../generation/generation.js';
import { ApiError } from '../http/api-error.js';
import type { RateLimiter } from '../rate-limit/create-rate-limiter.js';
import type { ActiveChat, AppEnv, ServerState } from '../server/server-state.js';
import { createAdmissionQueue } from './create-admission-queue.js';
import { openEventStream } from './open-event-stream.js';
import { parseChatRequest } from './parse-chat-request.js';
import { ClientClosedError, readJsonBody } from './read-json-body.js';

/** What {@link createChatHandler} needs. */
export interface ChatHandlerDependencies {
  config: ApiConfig;
  client: OpenAI;
  state: ServerState;
  rateLimiter: RateLimiter | undefined;
}

/**
 * Chats that may start their upstream call in one event-loop turn. S3 (1,000 chats at once,
 * medians of paired rounds): all in one turn held running streams' tokens for a p99 of 160–240 ms;
 * 256 per turn, 80–120 ms, with no later first token; 128 or fewer delayed first tokens
 * (TTFT p99 800–1,070 ms against about 700).
 */
const CHAT_STARTS_PER_TURN = 256;

const shutdownError = () =>
  new ApiError(503, 'server_shutdown', 'The server is restarting; please retry.', {
    retryable: true,
    retryAfterSeconds: 1,
  });

/**
 * The `POST /api/chat` handler. Everything that can fail before the first byte — rate limit,
 * content type, size, JSON, schema, limits, the upstream's answer to the request — is thrown as
 * an {@link ApiError} and answered with a status. Only once the upstream has accepted the
 * request are the `200` headers sent; from then on the generation writes frames straight to
 * Node's response, and a client that goes away (the response's `close`, which is also what
 * `c.req.raw.signal` follows on @hono/node-server) aborts the upstream request at once.
 *
 * @example
 * app.post('/api/chat', createChatHandler({ config, client, state, rateLimiter }));
 */
export function createChatHandler(dependencies: ChatHandlerDependencies) {
  const { config, client, state, rateLimiter } = dependencies;
  // CORS is the only middleware that sets headers for this route (the shutdown's
  // `Connection: close` is added here too); without it, reading `c.res` would build a Response
  // and its Headers per request to find none.
  const hasMiddlewareHeaders = config.corsOrigins.length > 0;
  const admission = createAdmissionQueue(CHAT_STARTS_PER_TURN);

  return async (c: Context<AppEnv>): Promise<Response> => {
    const { incoming, outgoing } = c.env;
    const record = c.get('record');
    if (state.isShuttingDown) throw shutdownError();
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
    let onClose = () => {
      isClosed = true;
    };
    // Before the request log's listener, so the log line sees the generation already aborted.
    outgoing.prependOnceListener('close', () => {
      state.activeChats.delete(chat);
      onClose();
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

    const generation = new Generation({
      client,
      request,
      model: request.model ?? config.openaiModel,
      timeoutMs: config.upstreamTimeoutMs,
      maxRetries: config.upstreamMaxRetries,
      collectText: config.logContent,
    });
    record.generation = generation;
    onClose = () => generation.abort('client_closed');
    terminate = () => generation.abort('server_shutdown');

    // The upstream call waits for the event loop's check phase, behind the I/O already waiting,
    // and for its batch (see CHAT_STARTS_PER_TURN): in a burst of new chats, streams whose
    // upstream has answered write their tokens between batches instead of behind every request
    // being built. Without the wait, the first tokens of early streams waited behind the requests
    // of later ones (S3: p99 added latency 360–410 → 200–250 ms). Idle, it costs one loop turn.
    await admission.admit();
    if (generation.abortReason === 'client_closed') return RESPONSE_ALREADY_SENT;
    if (generation.abortReason === 'server_shutdown') throw shutdownError();

    try {
      await generation.connect();
    } catch (error) {
      if (generation.abortReason === 'client_closed') return RESPONSE_ALREADY_SENT;
      if (generation.abortReason === 'server_shutdown') throw shutdownError();
      throw error;
    }
    if (generation.abortReason === 'client_closed') return RESPONSE_ALREADY_SENT;
    if (generation.abortReason === 'server_shutdown') throw shutdownError();

    const stream = openEventStream(outgoing, {
      headers: hasMiddlewareHeaders
        ? headersFromMiddleware(c, state.isShuttingDown)
        : state.isShuttingDown
          ? { connection: 'close' }
          : {},
      heartbeatMs: config.heartbeatMs,
      onDrain: () => generation.resume(),
    });
    onClose = () => {
      stream.dispose();
      generation.unsubscribe(stream);
      generation.abort('client_closed');
    };
    generation.subscribe(stream);
    void generation.run();
    // The response is being written to Node's ServerResponse directly; this tells
    // @hono/node-server (1.19: a null body with `x-hono-already-sent`) to leave it alone.
    return RESPONSE_ALREADY_SENT;
  };
}

/** Headers middleware set with `c.header()` (CORS), which Hono would add to a returned Response. */
function headersFromMiddleware(c: Context<AppEnv>, isShuttingDown: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  c.res.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
  });
  // Hono's cors() appends `Vary: Origin` after the handler, too late for a streamed response.
  if (headers['access-control-allow-origin'] !== undefined) headers.vary = 'Origin';
  if (isShuttingDown) headers.connection = 'close';
  return headers;
}
