import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/** Node's errors for a request it cannot hand to the app, and the answer each gets. */
const ANSWERS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'headers_too_large',
    message: 'The request headers are larger than the server accepts.',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    code: 'payload_too_large',
    message: 'The request body has chunk extensions larger than the server accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    message: 'The request was not received in time.',
  },
};
const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  code: 'bad_request',
  message: 'The request is not valid HTTP/1.1.',
};

/** The socket of a Node HTTP connection, with the response Node is writing on it, if any. */
type HttpSocket = Duplex & { _httpMessage?: ServerResponse | null; remoteAddress?: string };

/**
 * The Node server's `clientError` listener: a request Node refuses before the app sees it
 * (malformed HTTP, headers over `maxHeaderSize`, a request not received within `requestTimeout`)
 * gets the same `{"error":{"code","message"}}` JSON as every other refusal, where Node itself
 * would send an empty 400, 431 or 408, and one log line. Then the connection is closed: the
 * parser cannot find the next request on it.
 *
 * @example
 * server.on('clientError', (error, socket) => answerClientError(error, socket, logger));
 */
export function answerClientError(error: Error, socket: Duplex, logger: Logger): void {
  const httpSocket = socket as HttpSocket;
  const code = (error as { code?: unknown }).code;
  // A connection reset has no one to answer, and a response already under way must not get a
  // second status line in its middle (Node's own handler checks the same).
  if (code === 'ECONNRESET' || !socket.writable || httpSocket._httpMessage?.headersSent === true) {
    socket.destroy();
    return;
  }
  const answer = (typeof code === 'string' ? ANSWERS[code] : undefined) ?? BAD_REQUEST;
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  // `end` flushes the answer and closes our side; a client that keeps sending is cut off.
  socket.once('finish', () => socket.destroy());
  logger.info(
    { status: answer.status, errorCode: answer.code, ip: httpSocket.remoteAddress },
    'client error',
  );
}
