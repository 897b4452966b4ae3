import { type Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createMarkerScanner } from '../markers/create-marker-scanner.js';
import { createSequenceFinder } from '../markers/create-sequence-finder.js';
import { FRAMINGS, type Framing } from '../markers/framings.js';
import type { StreamPlan } from '../upstream/stream-plan.js';

/** Where and how to request one stream. */
export interface StreamTarget {
  url: URL;
  /** The JSON body to POST for a given prompt. */
  body: (prompt: string) => string;
  framing: Framing;
  agent: Agent;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** What one stream delivered, as seen by the client. */
export interface StreamOutcome {
  plan: StreamPlan;
  /** Status 200, every marker once and in order, the framing's end marker, no error event. */
  isOk: boolean;
  error: string | undefined;
  status: number | undefined;
  received: number;
  /** `performance.now()` when token `seq` arrived; absent when not recorded. */
  arrivals: Float64Array | undefined;
  requestedAt: number;
  firstTokenAt: number | undefined;
  endedAt: number | undefined;
  /** Bytes the socket read for this response: status line, headers, chunked framing, body. */
  wireBytes: number;
  bodyBytes: number;
  /** A refusal's `Retry-After` header, when the status was not 200. */
  retryAfter: string | undefined;
  /** The start of a non-200 answer's body. */
  errorBody: string | undefined;
}

/** Options of {@link runStream}. */
export interface RunStreamOptions {
  /** Reads at most this many body bytes per second (S4's slow reader); unlimited when absent. */
  readBytesPerSecond?: number;
  /**
   * Ends the stream early. Reason `'stop'` is a planned end (S4 closes its slow readers), judged
   * on what arrived so far; any other reason (a deadline) is an error.
   */
  signal?: AbortSignal;
  prompt: string;
}

/** A stream under way: its outcome fills in live (S4 watches `received` while it runs). */
export interface RunningStream {
  outcome: StreamOutcome;
  finished: Promise<StreamOutcome>;
  /**
   * Ends the stream now, as an abort of `signal` with this reason would: `'stop'` is a planned
   * end, anything else a deadline. A load stops its streams through this rather than giving each
   * one its own listener on a shared signal (see {@link startLoad}).
   */
  abort(reason: unknown): void;
}

/**
 * Runs one stream against a target with Node's own HTTP client (cheaper per byte than fetch, so
 * the load core stays out of the figures) and checks it token by token: every marker must come
 * exactly once and in order, and the framing must end as a finished stream does.
 *
 * @example
 * const outcome = await startStream(target, plan, { prompt: promptFor(plan) }).finished;
 * outcome.isOk; // true
 */
export function startStream(
  target: StreamTarget,
  plan: StreamPlan,
  options: RunStreamOptions,
): RunningStream {
  const spec = FRAMINGS[target.framing];
  const scanner = createMarkerScanner();
  const endMarker = createSequenceFinder(spec.finished);
  const failed = spec.failed === undefined ? undefined : createSequenceFinder(spec.failed);
  const body = target.body(options.prompt);
  const outcome: StreamOutcome = {
    plan,
    isOk: false,
    error: undefined,
    status: undefined,
    received: 0,
    arrivals: plan.emissions ? new Float64Array(plan.tokens) : undefined,
    requestedAt: performance.now(),
    firstTokenAt: undefined,
    endedAt: undefined,
    wireBytes: 0,
    bodyBytes: 0,
    retryAfter: undefined,
    errorBody: undefined,
  };
  let socket: Socket | undefined;
  let socketBytesAtStart = 0;
  let arrivedAt = 0;
  let abort: (reason: unknown) => void = () => {};

  const onMarker = (seq: number) => {
    if (seq !== outcome.received) {
      outcome.error ??= `expected token ${outcome.received}, got ${seq}`;
      return;
    }
    if (outcome.arrivals) outcome.arrivals[seq] = arrivedAt;
    if (seq === 0) outcome.firstTokenAt = arrivedAt;
    outcome.received++;
  };

  const finished = new Promise<StreamOutcome>((resolve) => {
    let isSettled = false;
    const settle = (error?: string) => {
      if (isSettled) return;
      isSettled = true;
      outcome.endedAt = performance.now();
      if (socket) outcome.wireBytes = socket.bytesRead - socketBytesAtStart;
      options.signal?.removeEventListener('abort', onAbort);
      outcome.error ??= error;
      outcome.isOk = outcome.error === undefined;
      resolve(outcome);
    };
    abort = (reason) => {
      if (isSettled) return;
      if (reason === 'stop') {
        settle(
          outcome.status === 200 && outcome.received > 0
            ? undefined
            : `stopped before any token arrived (status ${outcome.status})`,
        );
      } else {
        settle(`timed out after ${outcome.received} of ${plan.tokens} tokens`);
      }
      request.destroy();
    };
    const onAbort = () => abort(options.signal?.reason);

    const request = httpRequest(target.url, {
      method: 'POST',
      agent: target.agent,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...target.headers,
      },
    });
    request.on('socket', (assigned) => {
      socket = assigned;
      socketBytesAtStart = assigned.bytesRead;
    });
    request.on('error', (error) => {
      // A reused keep-alive socket the server had just closed fails like this too; say which.
      const connection = socket && socketBytesAtStart > 0 ? 'reused connection' : 'new connection';
      const elapsed = (performance.now() - outcome.requestedAt).toFixed(0);
      settle(`request failed: ${error.message} (${connection}, after ${elapsed} ms)`);
    });
    request.on('response', (response) => {
      outcome.status = response.statusCode;
      if (response.statusCode !== 200) {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        outcome.retryAfter = response.headers['retry-after'];
        response.on('end', () => {
          outcome.errorBody = text.slice(0, 200);
          settle(`status ${response.statusCode}: ${outcome.errorBody}`);
        });
        return;
      }
      const rate = options.readBytesPerSecond;
      const readStart = performance.now();
      response.on('data', (chunk: Buffer) => {
        arrivedAt = performance.now();
        outcome.bodyBytes += chunk.length;
        scanner.push(chunk, onMarker);
        endMarker.push(chunk);
        failed?.push(chunk);
        if (rate !== undefined) {
          // A token bucket: pausing stops Node reading the socket, so TCP pushes back on the server.
          const allowedAt = readStart + (outcome.bodyBytes / rate) * 1000;
          const wait = allowedAt - arrivedAt;
          if (wait > 1) {
            response.pause();
            setTimeout(() => response.resume(), wait).unref();
          }
        }
      });
      response.on('end', () => {
        if (failed?.hasFound) settle('the stream carried an error event');
        else if (!endMarker.hasFound) settle(`no end marker after ${outcome.received} tokens`);
        else if (outcome.received !== plan.tokens) {
          settle(`finished with ${outcome.received} of ${plan.tokens} tokens`);
        } else settle();
      });
      response.on('error', (error) => settle(`response failed: ${error.message}`));
      response.on('aborted', () => settle(`connection cut after ${outcome.received} tokens`));
    });
    if (options.signal?.aborted) {
      abort(options.signal.reason);
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
  return { outcome, finished, abort: (reason) => abort(reason) };
}
