import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { AbortSource } from '../upstream/abort-link.js';
import { type ContentTypeSource, contentTypeOf } from '../upstream/read-content-type.js';
import { readWebBody } from '../upstream/read-web-body.js';
import { type SendCompletionRequest, sendThroughSdk } from '../upstream/send-completion-request.js';
import type { OpenUpstreamBody } from '../upstream/upstream-body.js';
import { createDirectSender } from './create-direct-sender.js';
import { createKeepAliveAgents } from './create-keep-alive-agents.js';
import { readNodeBody } from './read-node-body.js';
import { readRawHeader } from './read-raw-header.js';

/** A fetch for the openai SDK, the reader of its bodies, and the keep-alive pools behind it. */
export interface NodeFetch {
  fetch: typeof globalThis.fetch;
  /**
   * Reads a streamed body this fetch received straight from its Node stream (any other
   * response through `response.body`): pass it as `streamCompletion`'s `openBody`.
   */
  openBody: OpenUpstreamBody;
  /**
   * Sends each attempt of `streamCompletion` (pass it as its `sendRequest`): the request the SDK
   * builds for a client that sends through {@link NodeFetch.fetch}, without the SDK's
   * per-request work; any other client through the SDK. See {@link NodeFetchOptions.directRequests}.
   */
  sendRequest: SendCompletionRequest;
  /** Closes pooled connections. */
  destroy(): void;
}

/** Options for {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /**
   * Idle connections kept per origin. Default: all of them — the pool is as large as the most
   * streams ever open at once, and the idle timeouts below empty it. Node's own default of 256
   * made the API reconnect 744 times after a burst of 1,000 streams.
   */
  maxFreeSockets?: number;
  /**
   * How long an idle pooled connection is kept when the server does not say; 0 keeps none.
   * Default 4,000 ms, as undici: servers that close idle connections after 5 s without saying
   * so (uvicorn, for one) are common. A server's `Keep-Alive: timeout=N` wins, less one second,
   * whether longer or shorter, up to {@link NodeFetchOptions.maxIdleTimeoutMs}.
   */
  idleTimeoutMs?: number;
  /** The longest a server's `Keep-Alive` hint may keep an idle connection. Default 600,000 ms, as undici. */
  maxIdleTimeoutMs?: number;
  /**
   * Connections opened ahead, per origin, at most (default 16; 0 opens none). When the pool has
   * no idle connection a request waits for a new one's handshake (TCP, then TLS) before its first
   * byte: each time that happens, a spare opened earlier is used instead and another is opened,
   * twice as many while they are taken before they are ready, and one fewer for each left unused
   * for `idleTimeoutMs`. A quiet server keeps none. See `addSpareConnections`.
   */
  maxSpareConnections?: number;
  /**
   * `sendRequest` sends a plain `OpenAI` client's requests itself, from the URL and headers the
   * SDK builds for that client once (default `true`); `false` sends every one through the SDK
   * (`sendThroughSdk`). The same bytes on the wire and the same errors either way.
   */
  directRequests?: boolean;
}

/** Where a request goes, from its URL, and the headers Node would derive from it. */
interface RequestTarget {
  isHttps: boolean;
  hostname: string | null | undefined;
  port: number | string | null | undefined;
  path: string | null | undefined;
  /** As Node writes it: IPv6 in brackets, the port unless it is the scheme's default. */
  host: string;
  /** `Basic …` from the URL's credentials, if it has any. */
  basicAuthorization: string | undefined;
}

// Error bodies are read whole for the SDK's typed errors; more than this is not an error message.
const MAX_ERROR_BODY_BYTES = 1_048_576;

// What a pooled connection the server has just closed gives when a request is written to it.
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * A `fetch` on `node:http`/`node:https` with keep-alive agents, given to the openai SDK
 * (`new OpenAI({ fetch })`). Through `fetch` the SDK still builds, authenticates and times out
 * each request and types its errors; only the transport changes. {@link NodeFetch.sendRequest}
 * goes further and sends, for a plain client of this fetch, the request the SDK builds without
 * the SDK's per-request work (see `createDirectSender`). Profiles showed undici's fetch and
 * the web-stream body costing more per token and per request than the rest of the API together;
 * a 2xx body is therefore read from its Node stream with plain `data` events by
 * {@link NodeFetch.openBody}; `response.body` stays a lazy web stream for any other reader.
 * Error bodies (non-2xx) are buffered so the SDK can read them as usual.
 *
 * Idle connections are pooled, and a few are opened ahead when the pool runs dry (see
 * {@link NodeFetchOptions}). A server may close one just as it is reused; a request whose reused
 * (or spare) connection fails before any byte of its response is sent once more, at once, as
 * undici does: the server almost always closed the idle connection before
 * reading the request, and the SDK's own retries would wait, or be off.
 *
 * @example
 * const upstream = createNodeFetch();
 * const client = new OpenAI({ apiKey: 'sk-…', baseURL: 'https://api.openai.com/v1', fetch: upstream.fetch });
 * const stream = streamCompletion({
 *   client,
 *   params,
 *   openBody: upstream.openBody,
 *   sendRequest: upstream.sendRequest,
 * });
 * upstream.destroy(); // at shutdown
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const pool = createKeepAliveAgents(options);

  // The SDK asks for the same URL every time: parse it once, not per request.
  let lastHref = '';
  let lastTarget: RequestTarget | undefined;
  const targetOf = (href: string): RequestTarget => {
    if (href !== lastHref || lastTarget === undefined) {
      const url = new URL(href);
      const { protocol, hostname, port, path, auth } = urlToHttpOptions(url);
      lastTarget = {
        isHttps: protocol === 'https:',
        hostname,
        port,
        path,
        host: url.host,
        basicAuthorization: auth ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined,
      };
      lastHref = href;
    }
    return lastTarget;
  };

  const fetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const target = targetOf(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const initBody = init.body ?? undefined;
    if (
      initBody !== undefined &&
      typeof initBody !== 'string' &&
      !(initBody instanceof Uint8Array)
    ) {
      return Promise.reject(new TypeError('This fetch sends string or byte bodies only.'));
    }
    // Name, value, name, value…: Node writes such a list as it is, where an object costs a
    // validated setHeader and a [name, value] entry per header.
    const headers: string[] = [];
    // The SDK hands over a `Headers`: read it as it is rather than copy it into another.
    const initHeaders = init.headers;
    (initHeaders instanceof Headers ? initHeaders : new Headers(initHeaders)).forEach(
      (value, name) => {
        headers.push(name, value);
      },
    );
    return send(target, init.method ?? 'GET', headers, initBody, init.signal ?? undefined);
  };

  /**
   * One request, its headers a flat list (lower-case names, which this call appends to and
   * empties once the response is in), sent again once if its reused connection turns out stale. `timeoutMs` bounds the wait for the
   * response headers: past it the request is destroyed and the promise rejects with a
   * `TimeoutError`.
   */
  const send = (
    target: RequestTarget,
    method: string,
    headers: string[],
    initBody: string | Uint8Array | undefined,
    signal: AbortSource | undefined,
    timeoutMs?: number,
  ): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      // Bytes, not a string: Node then writes its header block on its own, which flattens it,
      // where a string body is written joined to it and the request keeps the header as a rope
      // of ~60 strings (2 KB) for the whole answer.
      const body = typeof initBody === 'string' ? Buffer.from(initBody) : initBody;
      // The Host and Authorization Node would add itself from an object are left to us (from
      // the URL, parsed once).
      let hasHost = false;
      let hasAuthorization = false;
      for (let index = 0; index < headers.length; index += 2) {
        const name = headers[index];
        if (name === 'host') hasHost = true;
        else if (name === 'authorization') hasAuthorization = true;
      }
      if (body !== undefined) headers.push('content-length', String(body.byteLength));
      if (!hasHost) headers.push('Host', target.host);
      if (target.basicAuthorization !== undefined && !hasAuthorization) {
        headers.push('Authorization', target.basicAuthorization);
      }

      const { isHttps } = target;
      const requestOptions = {
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method,
        headers,
        agent: isHttps ? pool.https : pool.http,
        // No socket timer while a request owns the socket (a stream may idle for minutes, and a
        // timer would be re-armed on every read); the agent sets the idle one when it is freed.
        timeout: 0,
      };
      const abort = watchAbort(signal);
      if (timeoutMs !== undefined) startDeadline(abort, timeoutMs, reject);

      const sendAttempt = (isRetry: boolean) => {
        const attempt = (isHttps ? httpsRequest : httpRequest)(requestOptions);
        abort.request = attempt;
        let isSettled = false;
        let bytesReadBefore = 0;
        attempt.once('socket', (socket) => {
          bytesReadBefore = socket.bytesRead;
        });
        // `on`, not `once`: a second 'error' (a destroy after a socket error) must not throw.
        const onError = (error: NodeJS.ErrnoException) => {
          if (isSettled) return;
          isSettled = true;
          if (
            !isRetry &&
            !abort.hasTimedOut &&
            (attempt.reusedSocket || (attempt.socket != null && pool.wasSpare(attempt.socket))) &&
            !signal?.aborted &&
            STALE_SOCKET_CODES.has(error.code ?? '') &&
            (attempt.socket?.bytesRead ?? bytesReadBefore) === bytesReadBefore
          ) {
            sendAttempt(true);
            return;
          }
          abort.detach();
          if (abort.hasTimedOut) return;
          reject(signal?.aborted ? abortError() : new TypeError('fetch failed', { cause: error }));
        };
        attempt.on('error', onError);
        attempt.once('response', (incoming) => {
          isSettled = true;
          stopDeadline(abort);
          pool.noteResponse(incoming);
          // Node's agent keeps a new socket's first request options, these headers included, for
          // the socket's life (its `free` listener); the header block is built, no retry is left.
          headers.length = 0;
          // What stays attached for the body's life must not hold this scope: the request's
          // body (the whole conversation) and headers would live as long as the answer.
          attempt.off('error', onError);
          attempt.on('error', ignoreError);
          // The abort must reach the body too, until the body is over.
          incoming.once('close', abort.detach);
          onResponse(incoming, signal, resolve, reject);
        });
        attempt.end(body);
      };
      sendAttempt(false);
    });

  const typedFetch = fetch as typeof globalThis.fetch;
  return {
    fetch: typedFetch,
    sendRequest:
      options.directRequests === false
        ? sendThroughSdk
        : createDirectSender({
            fetch: typedFetch,
            send: (href, method, headers, body, signal, timeoutMs) =>
              send(targetOf(href), method, headers, body, signal, timeoutMs),
          }),
    openBody: (response) => {
      const stream =
        response instanceof NodeBodyResponse ? NodeBodyResponse.nodeStreamOf(response) : undefined;
      if (stream !== undefined) return readNodeBody(stream);
      if (response.body === null) throw new TypeError('The response has no body.');
      return readWebBody(response.body);
    },
    destroy() {
      pool.destroy();
    },
  };
}

/** The request an abort (or the deadline) destroys: the latest attempt, until `detach`. */
interface AbortWatch {
  request: ClientRequest | undefined;
  /** The deadline's timer, until the response headers are in. */
  deadline: NodeJS.Timeout | undefined;
  /** The deadline passed: the promise was rejected with a `TimeoutError`. */
  hasTimedOut: boolean;
  detach: () => void;
}

/** Wires `signal` to the current attempt, in a scope that holds nothing else of the request. */
function watchAbort(signal: AbortSource | undefined): AbortWatch {
  const onAbort = () => watch.request?.destroy(abortError());
  const watch: AbortWatch = {
    request: undefined,
    deadline: undefined,
    hasTimedOut: false,
    detach: () => {
      stopDeadline(watch);
      signal?.removeEventListener('abort', onAbort);
    },
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return watch;
}

/**
 * Past `timeoutMs` without response headers, destroys the attempt and rejects with a
 * `TimeoutError`. In a scope of its own: `reject` holds the settled promise and its `Response`,
 * which the abort wiring (alive as long as the body) must not.
 */
function startDeadline(watch: AbortWatch, timeoutMs: number, reject: (error: unknown) => void) {
  watch.deadline = setTimeout(() => {
    watch.deadline = undefined;
    watch.hasTimedOut = true;
    const error = new DOMException('The operation timed out.', 'TimeoutError');
    watch.request?.destroy(error);
    reject(error);
  }, timeoutMs);
}

function stopDeadline(watch: AbortWatch): void {
  if (watch.deadline === undefined) return;
  clearTimeout(watch.deadline);
  watch.deadline = undefined;
}

/** Past the response, a request's errors reach its body; one listener keeps them from throwing. */
function ignoreError(): void {}

function onResponse(
  incoming: IncomingMessage,
  signal: AbortSource | undefined,
  resolve: (response: Response) => void,
  reject: (error: unknown) => void,
): void {
  const status = incoming.statusCode ?? 502;
  const stream = decode(incoming);
  // The headers go straight into the response's own `Headers`: one given in the init would be
  // validated and copied a second time (a second of three microseconds per chat).
  const responseInit = { status, statusText: incoming.statusMessage ?? '' };
  if (status >= 200 && status < 300) {
    resolve(
      status === 204 || status === 205
        ? withRawHeaders(new Response(null, responseInit), incoming.rawHeaders)
        : new NodeBodyResponse(stream, responseInit, incoming.rawHeaders),
    );
    return;
  }
  readAll(stream).then(
    (bytes) =>
      resolve(
        withRawHeaders(
          new Response(status === 304 ? null : bytes, responseInit),
          incoming.rawHeaders,
        ),
      ),
    () => reject(signal?.aborted ? abortError() : new TypeError('fetch failed')),
  );
}

/** The response, its headers appended from Node's `rawHeaders`. */
function withRawHeaders(response: Response, raw: readonly string[]): Response {
  appendRawHeaders(response.headers, raw);
  return response;
}

/** Appends Node's `rawHeaders` (name, value, name, value…) to `headers`, repeats kept. */
function appendRawHeaders(headers: Headers, raw: readonly string[]): void {
  for (let index = 0; index < raw.length; index += 2) {
    headers.append(raw[index] as string, raw[index + 1] as string);
  }
}

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

/** The body as sent, decompressed if the server compressed it although nothing asked it to. */
function decode(incoming: IncomingMessage): Readable {
  const encoding = readRawHeader(incoming.rawHeaders, 'content-encoding')?.trim().toLowerCase();
  const decompressor =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (decompressor === undefined) return incoming;
  pipeline(incoming, decompressor, () => {});
  return decompressor;
}

function readAll(stream: Readable): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ERROR_BODY_BYTES) {
        stream.destroy();
        resolve(new Uint8Array(0));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks, size)));
    stream.once('error', reject);
  });
}

/**
 * A 2xx `Response` whose body stays a Node stream until someone asks for `body`, `text()`,
 * `json()`, …: {@link NodeFetch.openBody} never does, and Node 20 makes every
 * `ReadableStream` transferable at construction, which cost more per request (S3 profile) than
 * building the request's headers. Anything reading the body the web way gets a lazy web stream,
 * and the body-reading methods a real `Response` over it.
 *
 * Its `Headers` are built from Node's `rawHeaders` when first read: a streamed answer is only
 * asked its content type (`readContentType`), so appending every header, each one validated, was
 * work done for nothing on every chat.
 */
class NodeBodyResponse extends Response implements ContentTypeSource {
  readonly #stream: Readable;
  #webBody: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #whole: Response | undefined;
  /** Node's `rawHeaders`, until `headers` is first read. */
  #rawHeaders: readonly string[] | undefined;

  constructor(stream: Readable, init: ResponseInit, rawHeaders: readonly string[]) {
    super(null, init);
    this.#stream = stream;
    this.#rawHeaders = rawHeaders;
  }

  override get headers(): Headers {
    const headers = super.headers;
    const raw = this.#rawHeaders;
    if (raw !== undefined) {
      this.#rawHeaders = undefined;
      appendRawHeaders(headers, raw);
    }
    return headers;
  }

  [contentTypeOf](): string | null {
    const raw = this.#rawHeaders;
    return raw === undefined
      ? this.headers.get('content-type')
      : (readRawHeader(raw, 'content-type') ?? null);
  }

  /** The Node stream, unless the body was already taken the web way. */
  static nodeStreamOf(response: NodeBodyResponse): Readable | undefined {
    return response.#webBody === undefined ? response.#stream : undefined;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.#webBody ??= lazyWebStream(this.#stream);
    return this.#webBody;
  }

  override get bodyUsed(): boolean {
    return this.#whole?.bodyUsed === true || this.#stream.readableDidRead;
  }

  #readWhole(): Response {
    this.#whole ??= new Response(this.body, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    return this.#whole;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#readWhole().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#readWhole().blob();
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#readWhole().bytes();
  }

  override formData(): Promise<FormData> {
    return this.#readWhole().formData();
  }

  override json(): Promise<unknown> {
    return this.#readWhole().json();
  }

  override text(): Promise<string> {
    return this.#readWhole().text();
  }

  override clone(): Response {
    return this.#readWhole().clone();
  }
}

/** A web stream that pulls from the Node stream only when read (high-water mark 0: no read-ahead). */
function lazyWebStream(stream: Readable): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        return new Promise<void>((resolve) => {
          const finish = () => {
            stream.off('readable', tryRead);
            stream.off('end', tryRead);
            stream.off('error', fail);
            resolve();
          };
          const fail = (error: unknown) => {
            controller.error(error);
            finish();
          };
          const tryRead = () => {
            const chunk = stream.read() as Buffer<ArrayBuffer> | null;
            if (chunk !== null) {
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
              finish();
            } else if (stream.readableEnded) {
              controller.close();
              finish();
            } else if (stream.destroyed) {
              fail(stream.errored ?? new TypeError('terminated'));
            }
          };
          stream.on('readable', tryRead);
          stream.on('end', tryRead);
          stream.once('error', fail);
          tryRead();
        });
      },
      cancel() {
        stream.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
