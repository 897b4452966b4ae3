import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A hand-driven OpenAI-compatible upstream for what `@tokenwire/mock-openai` does not model. */
export interface RawUpstream {
  /** Base URL ending in `/v1`. */
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** One `chat.completion.chunk` SSE frame (`data: …\n\n`) with the given choice delta. */
export function chunkFrame(
  delta: Record<string, unknown>,
  extra: { finish_reason?: string | null; usage?: unknown } = {},
): string {
  const { finish_reason = null, ...rest } = extra;
  return `data: ${JSON.stringify({
    id: 'chatcmpl-raw',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'raw',
    choices: [{ index: 0, delta, finish_reason }],
    ...rest,
  })}\n\n`;
}

/**
 * Starts a loopback server whose every request is handed to `handle` once its body is read
 * (as text: a test can pick its transcript from what the API forwarded).
 *
 * @example
 * const upstream = await startRawUpstream((_request, response) => {
 *   response.writeHead(200, { 'content-type': 'text/event-stream' });
 *   response.end(`${chunkFrame({ content: 'Hi' })}data: [DONE]\n\n`);
 * });
 * await upstream.close();
 */
export async function startRawUpstream(
  handle: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<RawUpstream> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (text: string) => {
      body += text;
    });
    request.once('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
