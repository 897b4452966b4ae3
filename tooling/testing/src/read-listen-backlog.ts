import { execFileSync } from 'node:child_process';

/**
 * The length of the accept queue the kernel gives a listening port on this machine (`ss`'s
 * Send-Q for a listening socket): what a server's `listen` backlog became, after Linux capped it
 * at `net.core.somaxconn`. Throws, saying how to install it, when `ss` is missing.
 *
 * @example
 * readListenBacklog(8787); // 4096
 */
export function readListenBacklog(port: number): number {
  let listing: string;
  try {
    listing = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(
      `reading a listening socket's backlog needs ss (Debian: apt-get install iproute2): ${(error as Error).message}`,
    );
  }
  const [, , sendQueue] = listing.trim().split(/\s+/);
  const backlog = Number(sendQueue);
  if (!Number.isInteger(backlog)) throw new Error(`no listening socket on port ${port}`);
  return backlog;
}
