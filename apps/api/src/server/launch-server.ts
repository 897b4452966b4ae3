import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { MockOpenAI } from '@tokenwire/mock-openai';
import type { GenerationRegistry } from '@tokenwire/server';
import { addAcceptors, createNodeFetch } from '@tokenwire/server/node';
import OpenAI from 'openai';
import type { Logger } from 'pino';
import type { ApiConfig } from '../config/load-config.js';
import { createLogger, type LoggerSetting } from '../logging/create-logger.js';
import { answerClientError } from './answer-client-error.js';
import { answerUnroutableRequest } from './answer-unroutable-request.js';
import { createApp } from './create-app.js';
import { createRegistry } from './create-registry.js';
import { createSdkLogger } from './create-sdk-logger.js';
import type { ServerState } from './server-state.js';

/** Options for {@link launchServer}; `port` and `host` win over the config's. */
export interface LaunchOptions {
  port?: number;
  host?: string;
  logger?: LoggerSetting;
}

/** A running API server. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT`, no trailing slash (a wildcard host is given as loopback). */
  url: string;
  port: number;
  /** The OpenAI-compatible base URL the API calls (the demo upstream's when embedded). */
  upstreamUrl: string;
  /**
   * Graceful: stops accepting, lets open streams finish for `SHUTDOWN_GRACE_MS`, then ends the
   * rest with a `server_shutdown` error event; resolves when every connection is closed.
   */
  close(): Promise<void>;
}

/** {@link RunningServer} plus the internals tests look at. */
export interface LaunchedServer extends RunningServer {
  server: Server;
  state: ServerState;
  logger: Logger;
  /** The embedded demo upstream, when one was started. */
  mock: MockOpenAI | undefined;
}

// After the grace period, ended streams still flush their last frames (the `server_shutdown`
// event) to readers that may be slow or paused; a reader too slow even for that is cut off after
// this.
const FLUSH_TIMEOUT_MS = 5_000;
const IDLE_SWEEP_MS = 50;

/**
 * Starts the API for a validated config: the demo upstream when no upstream is configured,
 * the openai SDK client, the Hono app on @hono/node-server, listening on the config's port.
 *
 * @example
 * const server = await launchServer(loadConfig({ PORT: '0' }), { logger: false });
 * await server.close();
 */
export async function launchServer(
  config: ApiConfig,
  options: LaunchOptions = {},
): Promise<LaunchedServer> {
  const logger = createLogger(options.logger, config.logLevel);
  let mock: MockOpenAI | undefined;
  let upstreamUrl: string;
  if (config.useDemoUpstream) {
    // Loaded only here: an API with a configured upstream never loads the demo's code.
    const { startMockOpenAI } = await import('@tokenwire/mock-openai');
    mock = await startMockOpenAI({ host: '127.0.0.1', port: 0 });
    upstreamUrl = mock.url;
    logger.info(
      { upstreamUrl },
      `no OPENAI_API_KEY or OPENAI_BASE_URL set: streaming from the built-in demo upstream (@tokenwire/mock-openai) at ${upstreamUrl}`,
    );
  } else {
    upstreamUrl = config.openaiBaseUrl ?? 'https://api.openai.com/v1';
  }

  const upstream = createNodeFetch({ maxSpareConnections: config.upstreamSpareConnections });
  // Every option explicit: left undefined, the SDK would read OPENAI_* from process.env, not `env`
  // (OPENAI_LOG=debug would print request details with console, whatever LOG_LEVEL says).
  const client = new OpenAI({
    fetch: upstream.fetch,
    apiKey: config.openaiApiKey ?? (config.useDemoUpstream ? 'demo' : 'none'),
    baseURL: upstreamUrl,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: config.upstreamTimeoutMs,
    maxRetries: config.upstreamMaxRetries,
    ...createSdkLogger(logger, {
      level: config.logLevel,
      secrets: config.openaiApiKey === undefined ? [] : [config.openaiApiKey],
      logContent: config.logContent,
    }),
  });

  const state: ServerState = {
    isShuttingDown: false,
    activeChats: new Set(),
    onChatEnd: undefined,
  };
  let registry: GenerationRegistry;
  try {
    registry = await createRegistry(config);
  } catch (error) {
    upstream.destroy();
    await mock?.close();
    throw error;
  }
  const app = createApp({
    config,
    client,
    openBody: upstream.openBody,
    sendRequest: upstream.sendRequest,
    logger,
    state,
    registry,
  });
  // overrideGlobalObjects: false keeps Request/Response untouched in processes that embed the
  // server (tests, benchmarks); the chat stream does not use Response objects anyway.
  // (@hono/node-server's createAdaptorServer is this pair, without a way to pass errorHandler.)
  const listener = getRequestListener(app.fetch, {
    overrideGlobalObjects: false,
    errorHandler: (error) => answerUnroutableRequest(error, logger),
  });
  const server = createServer(
    {
      // Headers and body must arrive within REQUEST_TIMEOUT_MS (Node's default is 5 minutes), so
      // a body that never ends holds its connection and handler no longer. Node checks every
      // `connectionsCheckingInterval` (default 30 s, which would double a 30 s limit).
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs),
    },
    listener,
  );
  server.on('clientError', (error, socket) => answerClientError(error, socket, logger));
  // Node's closeIdleConnections() destroys a socket as soon as its response has called end(),
  // even while the response's last bytes still wait in the socket's buffer for a slow reader:
  // the shutdown must know which responses have not flushed yet ('finish': all handed to the OS).
  // A count, not a Set of the responses. When a Set grows or compacts, V8 leaves its old hash table
  // listing the members it had; once the Set lives in the old generation, so do its tables, and
  // only a full GC frees one. Until then the scavenges keep every response such a table lists,
  // with everything the response reaches, and promote it: in a long-lived Set that thousands of
  // responses pass through each second, that was most of them (BENCHMARKS.md, round 23).
  const unflushedResponses: UnflushedResponses = { size: 0 };
  // A response emits 'close' once: a tick after 'finish' (everything handed to the OS), or when
  // it is cut off before. One listener shared by all of them: no closure or state per response,
  // and no third 'finish' listener, whose array would grow to 19 slots for the stream's life.
  const forgetResponse = () => {
    unflushedResponses.size--;
  };
  server.on('request', (_request, response: ServerResponse) => {
    unflushedResponses.size++;
    response.on('close', forgetResponse);
  });

  const host = options.host ?? config.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        { port: options.port ?? config.port, host, backlog: config.listenBacklog },
        () => {
          server.off('error', reject);
          resolve();
        },
      );
    });
  } catch (error) {
    upstream.destroy();
    await registry.close();
    await mock?.close();
    throw error;
  }
  const acceptors = await addAcceptors(server, config.acceptors - 1, {
    backlog: config.listenBacklog,
  });
  if (acceptors.length < config.acceptors - 1) {
    logger.warn(
      { acceptors: acceptors.length + 1, asked: config.acceptors },
      'could not duplicate the listening socket: fewer acceptors than ACCEPTORS asks',
    );
  }
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address)}:${address.port}`;
  logger.info({ url, upstreamUrl, model: config.openaiModel }, `listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutDown({
      server,
      acceptors,
      state,
      mock,
      logger,
      graceMs: config.shutdownGraceMs,
      unflushedResponses,
    }).finally(async () => {
      upstream.destroy();
      await registry.close();
    });
    return closing;
  };
  return { url, port: address.port, upstreamUrl, close, server, state, logger, mock };
}

/** How many responses have not yet handed their last bytes to the OS ('finish') or closed. */
interface UnflushedResponses {
  size: number;
}

interface ShutdownParts {
  server: Server;
  /** Duplicates of the server's listening socket: they stop accepting with it. */
  acceptors: readonly NetServer[];
  state: ServerState;
  mock: MockOpenAI | undefined;
  logger: Logger;
  graceMs: number;
  unflushedResponses: Readonly<UnflushedResponses>;
}

async function shutDown(parts: ShutdownParts): Promise<void> {
  const { server, state, mock, logger, graceMs } = parts;
  state.isShuttingDown = true;
  logger.info(
    { openStreams: state.activeChats.size, graceMs },
    'shutting down: no new connections, open streams may finish',
  );
  // The acceptors stop taking connections with the server; the server counts theirs as its own,
  // so its close waits for every connection.
  for (const acceptor of parts.acceptors) acceptor.close();
  const isClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  if (parts.unflushedResponses.size === 0) server.closeIdleConnections();

  await waitForChats(state, graceMs);
  if (state.activeChats.size > 0) {
    logger.info({ openStreams: state.activeChats.size }, 'grace period over: ending open streams');
    for (const chat of state.activeChats) chat.terminate();
  }

  // Every response has ended (or is a 503 on its way); wait for each to flush its last bytes,
  // so a slow or paused reader still gets its terminal event and the request its log line.
  // Only then sweep the keep-alive connections left idle; what remains at the bound is cut.
  const flushDeadline = performance.now() + FLUSH_TIMEOUT_MS;
  await waitForFlush(parts.unflushedResponses, FLUSH_TIMEOUT_MS);
  if (parts.unflushedResponses.size > 0) {
    logger.warn(
      { unflushedResponses: parts.unflushedResponses.size, flushTimeoutMs: FLUSH_TIMEOUT_MS },
      'readers too slow to take their last events: cutting them off',
    );
  }
  const sweep = setInterval(() => {
    if (parts.unflushedResponses.size === 0) server.closeIdleConnections();
  }, IDLE_SWEEP_MS);
  if (parts.unflushedResponses.size === 0) server.closeIdleConnections();
  const cutOff = setTimeout(
    () => server.closeAllConnections(),
    Math.max(0, flushDeadline - performance.now()),
  );
  await isClosed;
  clearInterval(sweep);
  clearTimeout(cutOff);
  await mock?.close();
  logger.info('closed');
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
}

function waitForChats(state: ServerState, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (state.activeChats.size === 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      state.onChatEnd = undefined;
      resolve();
    };
    const timer = setTimeout(done, graceMs);
    state.onChatEnd = () => {
      if (state.activeChats.size === 0) done();
    };
  });
}

/** Resolves once every response has flushed or closed, or after `timeoutMs`. */
function waitForFlush(responses: Readonly<UnflushedResponses>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      if (responses.size === 0 || performance.now() >= deadline) resolve();
      else setTimeout(check, IDLE_SWEEP_MS);
    };
    check();
  });
}

function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  // '::' listens on IPv4 too (dual stack), and loopback IPv4 is what callers expect.
  if (address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
