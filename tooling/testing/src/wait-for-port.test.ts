import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { findFreePort } from './find-free-port.js';
import { waitForPort } from './wait-for-port.js';

describe('waitForPort', () => {
  test('resolves once a server listens on the port, even one that starts late', async () => {
    const port = await findFreePort();
    const server = createServer();
    setTimeout(() => server.listen(port, '127.0.0.1'), 100);
    try {
      await waitForPort(port, { timeoutMs: 5_000 });
    } finally {
      server.close();
    }
  });

  test('fails at once when the process meant to listen has exited', async () => {
    const port = await findFreePort();
    const startedAt = Date.now();
    await expect(waitForPort(port, { timeoutMs: 5_000, hasExited: () => true })).rejects.toThrow(
      'exited before listening',
    );
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  test('fails after the timeout when nothing listens', async () => {
    const port = await findFreePort();
    await expect(waitForPort(port, { timeoutMs: 200 })).rejects.toThrow(
      `nothing listened on port ${port} within 200 ms`,
    );
  });
});
