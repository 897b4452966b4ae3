import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. Systems are told their port up front because not
 * all of them print their address (tokenwire's API logs quietly during the bench).
 *
 * @example
 * const port = await findFreePort(); // e.g. 41873
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
