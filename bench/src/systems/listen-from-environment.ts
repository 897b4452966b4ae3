import type { Server } from 'node:http';

/**
 * Listens on `HOST`:`PORT` (defaults 127.0.0.1:0) with a backlog of `LISTEN_BACKLOG` (default
 * 4,096, as the API's), prints one JSON line with the URL, and exits cleanly on SIGTERM/SIGINT,
 * which `node --cpu-prof` needs to write its profile. With Node's default of 511, S6's bursts
 * dropped handshakes into any system's queue, and a client's SYN sent again 1 s or 3 s later was
 * that system's TTFT p99 (BENCHMARKS.md, round 20).
 *
 * @example
 * listenFromEnvironment(createServer(handler));
 */
export function listenFromEnvironment(server: Server): void {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 0);
  const backlog = Number(process.env.LISTEN_BACKLOG ?? 4096);
  server.listen({ port, host, backlog }, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(
      `${JSON.stringify({ msg: 'listening', url: `http://${host}:${actual}` })}\n`,
    );
  });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
