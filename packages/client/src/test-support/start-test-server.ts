import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeEvent, protocolHeaders, type TokenwireEvent } from '@tokenwire/protocol';

export interface RecordedRequest {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

export type TestHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler for the next requests. */
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

/** A node:http server on port 0 whose every byte a test controls. */
export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let handler: TestHandler = (_request, response) => {
    response.statusCode = 404;
    response.end();
  };
  const server = createServer(async (raw, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const request = {
      method: raw.method,
      headers: raw.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(request);
    await handler(request, response, raw);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/chat`,
    requests,
    handle(next) {
      handler = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes the protocol headers; each frame is flushed as its own chunk. */
export function openStream(response: ServerResponse): void {
  response.writeHead(200, protocolHeaders);
  response.flushHeaders();
}

/** Encodes events with consecutive sequence numbers starting at `firstSeq`. */
export function frames(events: TokenwireEvent[], firstSeq = 0): string {
  return events.map((event, index) => encodeEvent(event, firstSeq + index)).join('');
}

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
