import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RequestRecord } from './server-state.js';

/** One finished request, as {@link logRequest} needs it. */
export interface FinishedRequest {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  record: RequestRecord;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  logContent: boolean;
}

const round = (milliseconds: number) => Math.round(milliseconds * 10) / 10;

/**
 * Writes the one JSON line a request gets when its response closes: method, path, status,
 * duration, and for a chat its time to first token, tokens, finish reason and whether the
 * client aborted. Never the key or headers; message contents and the answer only with
 * `LOG_CONTENT=1`.
 *
 * @example
 * outgoing.on('close', () => logRequest(logger, { incoming, outgoing, record, startedAt, logContent: false }));
 */
export function logRequest(logger: Logger, request: FinishedRequest): void {
  const { incoming, outgoing, record, startedAt } = request;
  // 499, as nginx logs it: the client went away before any status was sent.
  const status = outgoing.headersSent ? outgoing.statusCode : 499;
  const level = status >= 500 ? 'warn' : 'info';
  // At LOG_LEVEL=warn a request line is usually dropped: do not build it for nothing.
  if (!logger.isLevelEnabled(level)) return;
  const { stream } = record;
  const url = incoming.url ?? '/';
  const query = url.indexOf('?');
  const line: Record<string, unknown> = {
    method: incoming.method,
    path: query === -1 ? url : url.slice(0, query),
    status,
    durationMs: round(performance.now() - startedAt),
    ip: record.ip,
    aborted: !outgoing.writableFinished,
  };
  if (stream !== undefined) {
    line.generationId = stream.id;
    line.model = stream.model;
    line.ttftMs = stream.firstDeltaAt === undefined ? null : round(stream.firstDeltaAt - startedAt);
    line.tokens = stream.deltaCount;
    line.finishReason = stream.finishReason ?? null;
    if (stream.usage !== undefined) line.usage = stream.usage;
    if (stream.abortReason !== undefined) line.abortReason = stream.abortReason;
  }
  const errorCode = record.errorCode ?? stream?.errorCode;
  if (errorCode !== undefined) line.errorCode = errorCode;
  if (request.logContent) {
    if (record.messages !== undefined) line.messages = record.messages;
    if (stream !== undefined) line.answer = stream.text;
  }
  logger[level](line, 'request');
}
