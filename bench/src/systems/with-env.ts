import type { SystemDefinition } from './system-definition.js';

/**
 * The same system started with more environment on top of its own (the API's `RESUME_*` and
 * `REDIS_URL` for R1), through the one seam every system has: `process.env`.
 *
 * @example
 * const off = withEnv(systems.tokenwire, { RESUME_BUFFER_BYTES: '0', RESUME_GRACE_MS: '0' });
 */
export function withEnv(
  definition: SystemDefinition,
  env: Readonly<Record<string, string>>,
): SystemDefinition {
  const process = definition.process;
  if (process === undefined) throw new Error(`${definition.name} has no process to configure`);
  return {
    ...definition,
    process: {
      ...process,
      env: (upstreamUrl, port) => ({ ...process.env(upstreamUrl, port), ...env }),
    },
  };
}
