import type { Server } from 'node:http';

/**
 * Listens on `HOST`:`PORT` (defaults 127.0.0.1:0), prints one JSON line with the URL, and exits
 * cleanly on SIGTERM/SIGINT, which `node --cpu-prof` needs to write its profile.
 *
 * @example
 * listenFromEnvironment(createServer(handler));
 */
export function listenFromEnvironment(server: Server): void {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 0);
  server.listen(port, host, () => {
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
