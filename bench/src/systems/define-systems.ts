import { fileURLToPath } from 'node:url';
import type { SystemDefinition, SystemName } from './system-definition.js';

/** An OpenAI chat-completions request, as `direct` and `node-pipe` send it. */
const openaiBody = (prompt: string) =>
  JSON.stringify({
    model: 'bench-model',
    messages: [{ role: 'user', content: prompt }],
    stream: true,
  });

/** The chat request of tokenwire's API, which `openai-readable` accepts too. */
const chatBody = (prompt: string) =>
  JSON.stringify({ messages: [{ role: 'user', content: prompt }] });

/** Where the bench's own compiled servers are (`pnpm --filter @tokenwire/bench build`). */
const distDirectory = fileURLToPath(new URL('../../dist/systems/', import.meta.url));

/** One of the bench's own servers (`src/systems/<name>-server.ts`), told where the upstream is. */
const benchServer = (name: SystemName): NonNullable<SystemDefinition['process']> => ({
  script: `${distDirectory}${name}-server.js`,
  env: (upstreamUrl, port) => ({ UPSTREAM_URL: upstreamUrl, PORT: String(port) }),
});

/**
 * The five systems: the physical limit, the limit for a Node hop, that hop with the openai SDK
 * making the upstream call, what users write by hand, and tokenwire's real API process, run from
 * its build with plain `node` as in production.
 *
 * @example
 * const systems = defineSystems({ apiEntry: '/work/main/apps/api/dist/main.js' });
 * systems.tokenwire.framing; // 'tokenwire'
 */
export function defineSystems(options: {
  apiEntry: string;
}): Readonly<Record<SystemName, SystemDefinition>> {
  return {
    direct: {
      name: 'direct',
      framing: 'openai-sse',
      path: '/v1/chat/completions',
      body: openaiBody,
    },
    'node-pipe': {
      name: 'node-pipe',
      framing: 'openai-sse',
      path: '/api/chat',
      body: openaiBody,
      process: benchServer('node-pipe'),
    },
    'sdk-pipe': {
      name: 'sdk-pipe',
      framing: 'openai-sse',
      path: '/api/chat',
      body: openaiBody,
      process: benchServer('sdk-pipe'),
    },
    'openai-readable': {
      name: 'openai-readable',
      framing: 'ndjson',
      path: '/api/chat',
      body: chatBody,
      process: benchServer('openai-readable'),
    },
    tokenwire: {
      name: 'tokenwire',
      framing: 'tokenwire',
      path: '/api/chat',
      body: chatBody,
      process: {
        script: options.apiEntry,
        env: (upstreamUrl, port) => ({
          PORT: String(port),
          HOST: '127.0.0.1',
          OPENAI_BASE_URL: upstreamUrl,
          OPENAI_API_KEY: 'bench',
          OPENAI_MODEL: 'bench-model',
          // The bench sends thousands of requests from one address.
          RATE_LIMIT_PER_MINUTE: '0',
          // Four connections accepted per event-loop turn: S7's new connections otherwise wait
          // seconds for a loop busy with 1,000 streams (BENCHMARKS.md, round 8).
          ACCEPTORS: '4',
          // One log line per request would be noise next to the numbers; warnings still show.
          LOG_LEVEL: 'warn',
          SHUTDOWN_GRACE_MS: '1000',
          NODE_ENV: 'production',
        }),
      },
    },
  };
}
