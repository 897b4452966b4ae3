import { Agent } from 'node:http';
import type { StreamTarget } from '../client/start-stream.js';
import type { SystemDefinition } from '../systems/system-definition.js';

/**
 * A target with its own keep-alive agent, unbounded so 1,000 streams open 1,000 sockets at once
 * and keep them for the measured run after the warm-up (those idle for 4 s are closed first).
 *
 * @example
 * const target = createTarget(systems.tokenwire, 'http://127.0.0.1:8787');
 * target.agent.destroy();
 */
export function createTarget(definition: SystemDefinition, origin: string): StreamTarget {
  return {
    url: new URL(definition.path, origin),
    body: definition.body,
    framing: definition.framing,
    agent: new Agent({
      keepAlive: true,
      maxSockets: Number.POSITIVE_INFINITY,
      // The default (256) would close most of S3's warmed sockets between warm-up and run.
      maxFreeSockets: 100_000,
      // Node's agent heeds the server's `Keep-Alive: timeout=5` (closing an idle socket 1 s
      // early, before the server does) only when it has a timeout of its own; without one it
      // reuses sockets the server is closing at that instant, and the request dies with
      // ECONNRESET. An active stream is never cut by this: only idle sockets are.
      timeout: 60_000,
    }),
  };
}
