import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../http/api-error.js';

/** The client went away while its body was being read; nothing can be answered. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body straight from Node's request stream, refusing a wrong content type
 * (415), a body over `maxBytes` (413), and bytes that are not UTF-8 or not JSON (400) with
 * {@link ApiError}s.
 * Node's stream is read directly rather than through `Request.json()` so a chat request costs no
 * web-stream plumbing, and a too-large body is refused from `Content-Length` before reading it.
 *
 * @example
 * const body = await readJsonBody(c.env.incoming, 1_048_576);
 */
export function readJsonBody(incoming: IncomingMessage, maxBytes: number): Promise<unknown> {
  const contentType = incoming.headers['content-type'] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    return Promise.reject(
      new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json.'),
    );
  }
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  const declaredLength = Number(incoming.headers['content-length']);
  if (declaredLength > maxBytes) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onClose);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Paused, not destroyed: destroying the request would kill the socket before the 413
        // goes out; @hono/node-server drains what is left once the response has finished.
        incoming.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      // A chat request is usually one chunk: decode it where it is rather than copy it first.
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      // JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1); decoding would turn bad
      // bytes into U+FFFD silently and send the model text the client never wrote.
      if (!isUtf8(bytes)) {
        reject(new ApiError(400, 'invalid_body', 'The request body is not valid UTF-8.'));
        return;
      }
      const text = bytes.toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        const detail = error instanceof Error ? ` (${error.message})` : '';
        reject(new ApiError(400, 'invalid_json', `The request body is not valid JSON${detail}.`));
      }
    };
    const onClose = () => {
      cleanup();
      reject(new ClientClosedError('The client closed the connection while sending its body.'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onClose);
    incoming.on('close', onClose);
  });
}
