import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/** pino's levels, plus `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level accepted by `LOG_LEVEL`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The API's configuration, read from the environment by {@link loadConfig}.
 * Every field has a default except the upstream credentials.
 */
export interface ApiConfig {
  /** `PORT`, default 8787; 0 picks a free port. */
  port: number;
  /** `HOST`, default `127.0.0.1`; containers set `0.0.0.0`. */
  host: string;
  /** `OPENAI_API_KEY`. */
  openaiApiKey: string | undefined;
  /** `OPENAI_BASE_URL`, any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio, …). */
  openaiBaseUrl: string | undefined;
  /** `OPENAI_MODEL`, the model used when a request names none. Default `gpt-4o-mini`. */
  openaiModel: string;
  /** True when neither key nor base URL is set: the built-in demo upstream is started. */
  useDemoUpstream: boolean;
  /** `CORS_ORIGINS`: exact origins allowed to call the API from a browser. Empty: same-origin only. */
  corsOrigins: readonly string[];
  /** `HEARTBEAT_MS`, silence after which a stream gets a heartbeat comment. Default 15 000. */
  heartbeatMs: number;
  /** `SHUTDOWN_GRACE_MS`, how long open streams may run on after SIGTERM. Default 10 000. */
  shutdownGraceMs: number;
  /** `RATE_LIMIT_PER_MINUTE`, chat requests per client IP per minute; 0 turns it off. Default 60. */
  rateLimitPerMinute: number;
  /** `TRUST_PROXY`: proxies whose `X-Forwarded-For` is believed (IPs, CIDRs, `loopback`, `private`). */
  trustProxy: readonly string[];
  /** `LOG_CONTENT=1` logs message contents and answers; off by default. */
  logContent: boolean;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: LogLevel;
  /** `MAX_BODY_BYTES`, largest request body. Default 1 MiB. */
  maxBodyBytes: number;
  /** `MAX_MESSAGES`, most messages in one chat request. Default 100. */
  maxMessages: number;
  /**
   * `MAX_OPEN_STREAMS`: streams (chats and resumes) open at once; past it a new one gets 503
   * `server_busy` with `Retry-After` before its first byte. Default: what the process's open-file
   * limit allows with two sockets per stream and room for the rest.
   */
  maxOpenStreams: number;
  /**
   * `ACCEPTORS`: how many connections the server accepts per event-loop turn. Node 20.3+ accepts
   * one per turn, and a server busy with thousands of streams turns a few dozen times a second;
   * each acceptor past the first polls a duplicate of the listening socket. Default 1 (Node's own
   * listener alone): with more, a burst of new chats reaches the heap check sooner, each checked
   * before the others' answers have taken memory (the README's note on `MAX_HEAP_FRACTION`).
   */
  acceptors: number;
  /**
   * `LISTEN_BACKLOG`: how many connections the kernel may hold for the server before it accepts
   * them; Linux caps it at `net.core.somaxconn` (4,096 since Linux 5.4). Past it a connection's
   * handshake is dropped and the client only tries again 1 s later, then 3 s: a burst of new
   * chats into Node's default of 511 showed as seconds of time to first token. Default 4,096.
   */
  listenBacklog: number;
  /**
   * `MAX_HEAP_FRACTION`: past this fraction of the V8 heap's limit in use (the old generation's,
   * `--max-old-space-size` when given), a new stream gets the same 503 `server_busy`, rather than
   * the process dying out of memory with every stream open. Default 0.9; 1 turns the check off.
   */
  maxHeapFraction: number;
  /** `MAX_INPUT_CHARS`, most characters across all messages of one request. Default 100 000. */
  maxInputChars: number;
  /** `UPSTREAM_TIMEOUT_MS`, longest wait for the model's response headers and between its chunks. Default 60 000. */
  upstreamTimeoutMs: number;
  /**
   * `REQUEST_TIMEOUT_MS`, longest time a client may take to send a whole request (headers and
   * body); past it the request is answered 408 and its connection closed. Default 30 000.
   */
  requestTimeoutMs: number;
  /**
   * `RESUME_GRACE_MS`: how long an answer runs on after its reader dropped, waiting for a resume;
   * then its model call is aborted. Default 30 000; 0 aborts at once (no resume after a drop).
   */
  resumeGraceMs: number;
  /** `RESUME_TTL_MS`: how long an ended answer can still be replayed. Default 300 000. */
  resumeTtlMs: number;
  /** `RESUME_BUFFER_BYTES`: most bytes of events kept per answer for resume. Default 256 KiB. */
  resumeBufferBytes: number;
  /**
   * `RESUME_ENDED_BYTES`: most bytes all the ended answers kept for replay hold together; past it
   * the first ended are forgotten before `RESUME_TTL_MS`. Default 64 MiB.
   */
  resumeEndedBytes: number;
  /** `REDIS_URL`: share answers across replicas through Redis; unset, they live in this process. */
  redisUrl: string | undefined;
  /** `UPSTREAM_MAX_RETRIES`, retries of a failed upstream request before the first byte (the SDK's). Default 2. */
  upstreamMaxRetries: number;
  /**
   * `UPSTREAM_SPARE_CONNECTIONS`: the most connections to the model's server opened ahead, once
   * its pool of idle ones has run dry. A new chat then takes one whose handshake (TCP and TLS, a
   * round trip or two to the provider) is already done, rather than waiting for its own before
   * its first byte is sent. How many are kept follows the traffic; a quiet server keeps none.
   * Default 16; 0 opens none.
   */
  upstreamSpareConnections: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

const TRUST_PROXY_KEYWORDS = new Set(['loopback', 'private']);

/**
 * Reads and validates the API's configuration. Empty values count as unset, so a `.env` copied
 * from `.env.example` behaves like no `.env`. Throws one {@link ConfigError} naming every bad
 * variable.
 *
 * @example
 * const config = loadConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '0' });
 * config.useDemoUpstream; // true: no key and no base URL
 */
export function loadConfig(env: Environment = process.env): ApiConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(
        `${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`,
      );
      return fallback;
    }
    return value;
  };
  const fraction = (name: string, fallback: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d*\.?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value > 0 && value <= 1)) {
      problems.push(
        `${name} must be a number above 0 and at most 1, such as 0.9 (got ${JSON.stringify(raw)})`,
      );
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined || raw === '0' || raw === 'false') return false;
    if (raw === '1' || raw === 'true') return true;
    problems.push(`${name} must be 1 or 0 (got ${JSON.stringify(raw)})`);
    return false;
  };
  const list = (name: string): string[] =>
    (read(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');

  const port = integer('PORT', 8787, 0, 65_535);
  const host = read('HOST') ?? '127.0.0.1';

  const openaiApiKey = read('OPENAI_API_KEY');
  const openaiBaseUrl = read('OPENAI_BASE_URL');
  if (openaiBaseUrl !== undefined && !isHttpUrl(openaiBaseUrl)) {
    problems.push(
      `OPENAI_BASE_URL must be an http(s) URL such as http://localhost:11434/v1 (got ${JSON.stringify(openaiBaseUrl)})`,
    );
  }

  const corsOrigins: string[] = [];
  for (const origin of list('CORS_ORIGINS')) {
    const normalized = normalizeOrigin(origin);
    if (normalized === undefined) {
      problems.push(
        `CORS_ORIGINS must list exact origins such as https://chat.example.com, comma-separated (got ${JSON.stringify(origin)}; "*" is refused because browsers send cookies)`,
      );
    } else {
      corsOrigins.push(normalized);
    }
  }

  const trustProxy = list('TRUST_PROXY').filter((entry) => entry !== 'false' && entry !== '0');
  for (const entry of trustProxy) {
    if (!TRUST_PROXY_KEYWORDS.has(entry) && !isAddressOrCidr(entry)) {
      problems.push(
        `TRUST_PROXY must list IP addresses, CIDR ranges, "loopback" or "private" (got ${JSON.stringify(entry)})`,
      );
    }
  }

  const redisUrl = read('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(
      `REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (got a value that is not)`,
    );
  }

  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(logLevel)})`,
    );
  }

  const config: ApiConfig = {
    port,
    host,
    openaiApiKey,
    openaiBaseUrl,
    openaiModel: read('OPENAI_MODEL') ?? 'gpt-4o-mini',
    useDemoUpstream: openaiApiKey === undefined && openaiBaseUrl === undefined,
    corsOrigins,
    heartbeatMs: integer('HEARTBEAT_MS', 15_000, 10, 3_600_000),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 3_600_000),
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', 60, 0, 1_000_000_000),
    trustProxy,
    logContent: flag('LOG_CONTENT'),
    logLevel,
    maxBodyBytes: integer('MAX_BODY_BYTES', 1_048_576, 1, 1_073_741_824),
    maxMessages: integer('MAX_MESSAGES', 100, 1, 1_000_000),
    maxInputChars: integer('MAX_INPUT_CHARS', 100_000, 1, 1_073_741_824),
    maxOpenStreams: integer('MAX_OPEN_STREAMS', defaultMaxOpenStreams(), 1, 10_000_000),
    maxHeapFraction: fraction('MAX_HEAP_FRACTION', 0.9),
    acceptors: integer('ACCEPTORS', 1, 1, 64),
    listenBacklog: integer('LISTEN_BACKLOG', 4_096, 1, 1_000_000),
    upstreamTimeoutMs: integer('UPSTREAM_TIMEOUT_MS', 60_000, 1, 86_400_000),
    upstreamMaxRetries: integer('UPSTREAM_MAX_RETRIES', 2, 0, 10),
    upstreamSpareConnections: integer('UPSTREAM_SPARE_CONNECTIONS', 16, 0, 1_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 30_000, 1, 3_600_000),
    resumeGraceMs: integer('RESUME_GRACE_MS', 30_000, 0, 3_600_000),
    resumeTtlMs: integer('RESUME_TTL_MS', 300_000, 1, 86_400_000),
    resumeBufferBytes: integer('RESUME_BUFFER_BYTES', 262_144, 0, 1_073_741_824),
    resumeEndedBytes: integer('RESUME_ENDED_BYTES', 67_108_864, 0, 1_099_511_627_776),
    redisUrl,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `https://Chat.Example.com/` → `https://chat.example.com`; anything with a path is refused. */
function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const isBare =
      url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isBare) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function isAddressOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash === -1) return isIP(value) !== 0;
  const family = isIP(value.slice(0, slash));
  const prefix = value.slice(slash + 1);
  if (family === 0 || !/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Two descriptors per stream (the client's socket and the model's) under the soft open-file limit,
 * less 256 for everything else; 10,000 where the limit cannot be read (not Linux).
 */
function defaultMaxOpenStreams(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1]);
    if (Number.isSafeInteger(soft) && soft > 512) return Math.floor((soft - 256) / 2);
  } catch {
    // Not Linux: no /proc.
  }
  return 10_000;
}
