import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Options for {@link waitForPort}. */
export interface WaitForPortOptions {
  /** How long to keep trying. */
  timeoutMs: number;
  /** Says the process meant to listen has exited, to fail at once instead of at the timeout. */
  hasExited?: () => boolean;
}

/**
 * Resolves once something accepts TCP connections on a loopback port; rejects after
 * `timeoutMs`, or as soon as `hasExited()` says the process meant to listen there is gone.
 *
 * @example
 * await waitForPort(port, { timeoutMs: 15_000, hasExited: () => child.exitCode !== null });
 */
export async function waitForPort(port: number, options: WaitForPortOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.hasExited?.()) throw new Error('the process exited before listening');
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await delay(20);
  }
  throw new Error(`nothing listened on port ${port} within ${options.timeoutMs} ms`);
}
