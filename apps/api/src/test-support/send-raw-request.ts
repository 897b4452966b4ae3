import { connect } from 'node:net';

/** What a server sent back on a raw connection, up to its close. */
export interface RawAnswer {
  /** The status line's code, or 0 when nothing came back. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte sent to the connection's close. */
  closedAfterMs: number;
}

/** Options for {@link sendRawRequest}. */
export interface RawRequestOptions {
  /** Parts written one after another, `pauseMs` apart; the connection stays open after them. */
  pauseMs?: number;
  /** Give up (and destroy the socket) after this long. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Writes bytes to a server over a bare TCP connection — malformed HTTP, huge headers, a body that
 * never ends — and reads whatever comes back until the server closes the connection. `fetch`
 * cannot send any of these.
 */
export function sendRawRequest(
  url: string,
  parts: ReadonlyArray<string | Uint8Array>,
  options: RawRequestOptions = {},
): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no close within ${options.timeoutMs ?? 10_000} ms`));
      }, options.timeoutMs ?? 10_000),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      for (const timer of timers) clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: split === -1 ? '' : text.slice(split + 4),
        closedAfterMs: performance.now() - startedAt,
      });
    });
    socket.once('connect', () => {
      parts.forEach((part, index) => {
        const write = () => {
          if (!socket.destroyed) socket.write(part);
        };
        if (index === 0 || !options.pauseMs) write();
        else timers.push(setTimeout(write, index * options.pauseMs));
      });
    });
  });
}
