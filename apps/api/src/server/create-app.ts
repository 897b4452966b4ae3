import { PROTOCOL_VERSION } from '@tokenwire/protocol';
import type {
  GenerationRegistry,
  OpenUpstreamBody,
  SendCompletionRequest,
} from '@tokenwire/server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type OpenAI from 'openai';
import type { Logger } from 'pino';
import { createCapacityCheck } from '../chat/create-capacity-check.js';
import { createChatHandler } from '../chat/create-chat-handler.js';
import { createHeapGuard } from '../chat/create-heap-guard.js';
import { createResumeHandlers } from '../chat/create-resume-handlers.js';
import type { ApiConfig } from '../config/load-config.js';
import { ApiError } from '../http/api-error.js';
import { createHeadersFromMiddleware } from '../http/headers-from-middleware.js';
import { sendApiError } from '../http/send-api-error.js';
import { createClientIpResolver } from '../rate-limit/create-client-ip-resolver.js';
import { createRateLimiter } from '../rate-limit/create-rate-limiter.js';
import { logRequest } from './log-request.js';
import type { AppEnv, RequestRecord, ServerState } from './server-state.js';

/** What {@link createApp} wires together. */
export interface AppDependencies {
  config: ApiConfig;
  client: OpenAI;
  /** Reads upstream bodies straight from the socket (`createNodeFetch().openBody`). */
  openBody?: OpenUpstreamBody | undefined;
  /** Sends each upstream attempt (`createNodeFetch().sendRequest`); default through the SDK. */
  sendRequest?: SendCompletionRequest | undefined;
  logger: Logger;
  state: ServerState;
  /** Keeps answers for resume and stop by id. */
  registry: GenerationRegistry;
}

/**
 * The Hono app: request logs, CORS, `GET /api/health`, `POST /api/chat`, resume
 * (`GET /api/chat/:id`) and Stop (`POST /api/chat/:id/stop`), JSON errors.
 * It must be served by @hono/node-server, whose Node response the chat route pipes the stream to.
 *
 * @example
 * const app = createApp({ config, client, logger, state, registry: createGenerationRegistry() });
 * const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false });
 */
export function createApp(dependencies: AppDependencies): Hono<AppEnv> {
  const { config, logger, state } = dependencies;
  const app = new Hono<AppEnv>();
  const resolveClientIp = createClientIpResolver(config.trustProxy);
  const rateLimiter =
    config.rateLimitPerMinute > 0
      ? createRateLimiter({ perMinute: config.rateLimitPerMinute })
      : undefined;

  app.use('*', async (c, next) => {
    const { incoming, outgoing } = c.env;
    const startedAt = performance.now();
    const forwardedFor = incoming.headers['x-forwarded-for'];
    const record: RequestRecord = {
      ip: resolveClientIp(
        incoming.socket.remoteAddress,
        Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
      ),
    };
    c.set('record', record);
    // `on`, not `once`: a response emits 'close' once, and `once` would keep a wrapper and its
    // state per request for the response's life.
    outgoing.on('close', () => {
      logRequest(logger, { incoming, outgoing, record, startedAt, logContent: config.logContent });
    });
    // A response started during a shutdown must not leave its connection open for another.
    if (state.isShuttingDown) c.header('Connection', 'close');
    await next();
  });

  if (config.corsOrigins.length > 0) {
    const allowed = new Set(config.corsOrigins);
    app.use(
      '/api/*',
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        credentials: true,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Last-Event-ID'],
        exposeHeaders: ['X-Tokenwire-Protocol', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }

  app.get('/api/health', (c) => {
    if (state.isShuttingDown) return c.json({ status: 'shutting_down' }, 503);
    return c.json({
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      model: config.openaiModel,
      upstream: config.useDemoUpstream ? 'demo' : 'configured',
    });
  });

  const headersFor = createHeadersFromMiddleware({ hasCors: config.corsOrigins.length > 0, state });
  const { registry } = dependencies;
  const checkCapacity = createCapacityCheck({
    state,
    maxOpenStreams: config.maxOpenStreams,
    heap: createHeapGuard({ maxFraction: config.maxHeapFraction }),
    logger,
  });
  app.post(
    '/api/chat',
    createChatHandler({
      config,
      client: dependencies.client,
      openBody: dependencies.openBody,
      sendRequest: dependencies.sendRequest,
      registry,
      state,
      rateLimiter,
      checkCapacity,
      headersFor,
    }),
  );
  const { resume, stop } = createResumeHandlers({
    registry,
    state,
    heartbeatMs: config.heartbeatMs,
    checkCapacity,
    headersFor,
  });
  app.get('/api/chat/:id', resume);
  app.post('/api/chat/:id/stop', stop);

  app.all('/api/chat', (c) => {
    c.header('Allow', 'POST, OPTIONS');
    return sendApiError(c, new ApiError(405, 'method_not_allowed', 'Use POST for /api/chat.'));
  });
  app.all('/api/chat/:id', (c) => {
    c.header('Allow', 'GET, OPTIONS');
    return sendApiError(
      c,
      new ApiError(405, 'method_not_allowed', 'Use GET for /api/chat/:id (resume).'),
    );
  });
  app.all('/api/chat/:id/stop', (c) => {
    c.header('Allow', 'POST, OPTIONS');
    return sendApiError(
      c,
      new ApiError(405, 'method_not_allowed', 'Use POST for /api/chat/:id/stop.'),
    );
  });

  app.notFound((c) =>
    sendApiError(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  );

  app.onError((error, c) => {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(500, 'internal_error', 'The server failed unexpectedly.', { cause: error });
    if (apiError.status >= 500 && !(error instanceof ApiError)) {
      logger.error({ err: error }, 'unhandled error');
    }
    const record = c.get('record') as RequestRecord | undefined;
    if (record !== undefined) record.errorCode = apiError.code;
    return sendApiError(c, apiError);
  });

  return app;
}
