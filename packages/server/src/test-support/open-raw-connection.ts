import { connect, type Socket } from 'node:net';

/** One HTTP/1.x response exactly as it came off the wire. */
export interface RawResponse {
  /** The header block, status line first, without its closing blank line. */
  head: string;
  /** Everything after the header block, chunk framing included. */
  body: Buffer;
  /** A chunked body's chunks, one entry per chunk; a body without chunking, whole. */
  chunks: Buffer[];
}

/** A client connection that sends raw bytes and reads responses unparsed by `node:http`. */
export interface RawConnection {
  socket: Socket;
  send(text: string): void;
  /**
   * The next whole response: a chunked body to its last chunk, any other body to the socket's
   * end; `hasBody: false` (the answer to a HEAD) stops after the header block.
   */
  readResponse(options?: { hasBody?: boolean }): Promise<RawResponse>;
  close(): void;
}

/** Opens a TCP connection to a loopback server for tests that compare the bytes on the wire. */
export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = Buffer.alloc(0);
  let hasEnded = false;
  let wake: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    received = Buffer.concat([received, data]);
    wake?.();
  });
  socket.on('end', () => {
    hasEnded = true;
    wake?.();
  });
  const more = () =>
    new Promise<void>((resolve, reject) => {
      if (hasEnded) reject(new Error(`connection ended mid-response: ${received.toString()}`));
      wake = () => {
        wake = undefined;
        resolve();
      };
    });

  return {
    socket,
    send: (text) => socket.write(text),
    async readResponse({ hasBody = true } = {}) {
      let headEnd = received.indexOf('\r\n\r\n');
      while (headEnd < 0) {
        await more();
        headEnd = received.indexOf('\r\n\r\n');
      }
      const head = received.subarray(0, headEnd).toString('latin1');
      received = received.subarray(headEnd + 4);
      if (!hasBody) return { head, body: Buffer.alloc(0), chunks: [] };
      if (!/^transfer-encoding: chunked$/im.test(head)) {
        while (!hasEnded) await more().catch(() => {});
        const body = received;
        received = Buffer.alloc(0);
        return { head, body, chunks: [body] };
      }
      // Consumed bytes are dropped as they are parsed: a large body stays linear.
      const framed: Buffer[] = [];
      const chunks: Buffer[] = [];
      for (;;) {
        const lineEnd = received.indexOf('\r\n');
        // The last chunk has no trailers here, so its CRLF follows at once.
        const chunkEnd =
          lineEnd < 0
            ? Number.POSITIVE_INFINITY
            : lineEnd + 4 + Number.parseInt(received.subarray(0, lineEnd).toString('latin1'), 16);
        if (received.length < chunkEnd) {
          await more();
          continue;
        }
        if (received.subarray(chunkEnd - 2, chunkEnd).toString('latin1') !== '\r\n') {
          throw new Error(`chunk not followed by CRLF: ${received.subarray(0, 40).toString()}`);
        }
        framed.push(received.subarray(0, chunkEnd));
        const data = received.subarray(lineEnd + 2, chunkEnd - 2);
        received = received.subarray(chunkEnd);
        if (data.length === 0) return { head, body: Buffer.concat(framed), chunks };
        chunks.push(data);
      }
    },
    close: () => socket.destroy(),
  };
}
