import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { addAcceptors } from '@tokenwire/server/node';
import { tokenText } from '../markers/token-text.js';
import { PROMPT_PATTERN } from './prompt-for.js';
import type { StreamPlan } from './stream-plan.js';

/** The bench's OpenAI-compatible upstream (see {@link startUpstream}). */
export interface Upstream {
  /** Base URL ending in `/v1`, for `OPENAI_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  /** Makes a plan playable: requests naming its id get its tokens. */
  register(plan: StreamPlan): void;
  /** Forgets plans once their streams are measured, so a long run does not keep every array. */
  release(plan: StreamPlan): void;
  readonly openStreams: number;
  close(): Promise<void>;
}

/** Options for {@link startUpstream}. */
export interface UpstreamOptions {
  /** Serve HTTPS with this key and certificate (S9's provider far away) instead of HTTP. */
  tls?: { key: string; cert: string };
}

const MODEL = 'bench-model';
/**
 * Up to 1,000 connections from the system under test arrive at once in S3, and 1,000 a second
 * for 9 s in S6; Node's default backlog (511) dropped SYNs and added a 1 s retransmit to whoever
 * was being measured. Linux caps it at `net.core.somaxconn` (4,096 here).
 */
const UPSTREAM_BACKLOG = 4096;
/** Tokens written per event-loop turn at full speed, so the client in this process gets turns too. */
const BURST = 16;

/**
 * Starts a minimal OpenAI chat-completions server on loopback, written for measuring rather than
 * realism of content: each content chunk carries a numbered marker ({@link tokenText}), and the
 * moment each one is handed to the socket is recorded in its plan. The frames are OpenAI's real
 * `chat.completion.chunk` SSE (role chunk, content chunks, finish chunk, usage chunk when
 * `stream_options.include_usage` asks, `data: [DONE]`), so the openai SDK and tokenwire parse
 * them as they would OpenAI's. `@tokenwire/mock-openai` is not used because it has no hook for
 * per-token emission times, and this file must cost the load core as little as possible.
 *
 * @example
 * const upstream = await startUpstream();
 * const plan = createStreamPlan({ tokens: 10, tokensPerSecond: 0 });
 * upstream.register(plan);
 */
export async function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const plans = new Map<number, StreamPlan>();
  let openStreams = 0;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      sendError(response, 404, `no route ${request.method} ${request.url}`);
      return;
    }
    readBody(request)
      .then((body) => {
        const parsed = parseRequest(body);
        const plan = parsed && plans.get(parsed.planId);
        if (!parsed || !plan) {
          sendError(response, 400, 'the last message must name a registered bench:<id> plan');
          return;
        }
        openStreams++;
        response.once('close', () => {
          openStreams--;
        });
        play(plan, response, parsed.includeUsage);
      })
      .catch((error: unknown) => sendError(response, 400, String(error)));
  };
  const server = options.tls ? createTlsServer(options.tls, handle) : createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: UPSTREAM_BACKLOG }, resolve),
  );
  // The model provider this stands in for accepts at once; a Node listener in this busy process
  // accepts one connection per event-loop turn (libuv 1.45+), and the systems' new upstream
  // connections waited seconds for it (S7). Eight per turn keep up with S7; in one of S6's ramps
  // the queue reached 1,570, and 32 made no difference the bench could tell (round 14).
  // Each acceptor listens on the same socket again: without the backlog, its queue went back to
  // 511 (BENCHMARKS.md, round 13).
  const acceptors = await addAcceptors(server, 7, { backlog: UPSTREAM_BACKLOG });
  if (acceptors.length < 7)
    throw new Error('the upstream could not duplicate its listening socket');
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
    port,
    register: (plan) => plans.set(plan.id, plan),
    release: (plan) => plans.delete(plan.id),
    get openStreams() {
      return openStreams;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const acceptor of acceptors) acceptor.close();
        server.close(() => resolve());
      }),
  };
}

function play(plan: StreamPlan, response: ServerResponse, includeUsage: boolean): void {
  plan.hasRequest = true;
  const head = `data: {"id":"chatcmpl-bench-${plan.id}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":"${MODEL}","system_fingerprint":"fp_bench","choices":`;
  const nullUsage = includeUsage ? ',"usage":null' : '';
  const frame = (delta: string, finishReason: string) =>
    `${head}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}]${nullUsage}}\n\n`;
  let timer: NodeJS.Timeout | undefined;
  let isClosed = false;

  response.once('close', () => {
    isClosed = true;
    if (timer) clearTimeout(timer);
    if (!plan.isDone) plan.isAborted = true;
  });
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `chatcmpl-bench-${plan.id}`,
  });
  write(frame('{"role":"assistant","content":""}', 'null'));

  function write(text: string): boolean {
    plan.emittedBytes += text.length;
    return response.write(text);
  }

  /** Writes token `plan.emitted`; returns what `write` says about the socket's buffer. */
  function emit(): boolean {
    const seq = plan.emitted;
    const text = frame(`{"content":${JSON.stringify(tokenText(seq) + plan.padding)}}`, 'null');
    if (plan.emissions) plan.emissions[seq] = performance.now();
    plan.emitted++;
    return write(text);
  }

  function finish(): void {
    let text = frame('{}', '"stop"');
    if (includeUsage) {
      text += `${head}[],"usage":{"prompt_tokens":8,"completion_tokens":${plan.tokens},"total_tokens":${plan.tokens + 8}}}\n\n`;
    }
    text += 'data: [DONE]\n\n';
    plan.emittedBytes += text.length;
    plan.isDone = true;
    response.end(text);
  }

  if (plan.tokensPerSecond === 0) {
    // Full speed with backpressure: wait for 'drain' rather than queue in this process, so a
    // slow system under test shows up as a slow stream, not as memory here.
    const pump = () => {
      if (isClosed) return;
      for (let burst = 0; plan.emitted < plan.tokens; burst++) {
        if (burst === BURST) {
          setImmediate(pump);
          return;
        }
        if (!emit()) {
          response.once('drain', pump);
          return;
        }
      }
      finish();
    };
    pump();
    return;
  }

  // Paced: token i is due at start + i × interval. A late timer writes every token already due,
  // each with its own emission time, so the pace holds on average and lateness here is not
  // charged to the system under test.
  const interval = 1000 / plan.tokensPerSecond;
  const start = performance.now();
  const tick = () => {
    timer = undefined;
    if (isClosed) return;
    const now = performance.now();
    while (plan.emitted < plan.tokens && start + plan.emitted * interval <= now + 0.5) emit();
    if (plan.emitted === plan.tokens) {
      finish();
      return;
    }
    timer = setTimeout(tick, Math.max(0, start + plan.emitted * interval - performance.now()));
  };
  tick();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseRequest(body: string): { planId: number; includeUsage: boolean } | undefined {
  const json = JSON.parse(body) as {
    messages?: Array<{ content?: unknown }>;
    stream_options?: { include_usage?: boolean } | null;
  };
  const last = json.messages?.at(-1)?.content;
  const match = typeof last === 'string' ? PROMPT_PATTERN.exec(last) : null;
  if (!match) return undefined;
  return { planId: Number(match[1]), includeUsage: json.stream_options?.include_usage === true };
}

function sendError(response: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);
}
