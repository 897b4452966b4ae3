import { RequestError } from '@hono/node-server';
import type { Logger } from 'pino';

/**
 * The answer to a request @hono/node-server cannot turn into a web `Request` — a target such as
 * `*`, or a Host header that is not a host — and so never reaches the app: the same
 * `{"error":{"code","message"}}` JSON as every other refusal (the adapter's own answer is an empty
 * `text/plain` 400), and one log line, as the app would have written. Anything else that escapes
 * the app is a bug: 500 `internal_error`, logged.
 *
 * @example
 * getRequestListener(app.fetch, { errorHandler: (error) => answerUnroutableRequest(error, logger) });
 */
export function answerUnroutableRequest(error: unknown, logger: Logger): Response {
  if (error instanceof RequestError) {
    logger.info({ status: 400, errorCode: 'bad_request', reason: error.message }, 'client error');
    return errorResponse(400, 'bad_request', 'The request target or Host header is not valid.');
  }
  logger.error({ err: error }, 'unhandled error');
  return errorResponse(500, 'internal_error', 'The server failed unexpectedly.');
}

function errorResponse(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
