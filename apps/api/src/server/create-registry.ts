import { createGenerationRegistry, type GenerationRegistry } from '@tokenwire/server';
import type { ApiConfig } from '../config/load-config.js';

/**
 * The registry that keeps answers for resume and stop: in this process, or shared through Redis
 * when `REDIS_URL` is set (a resume or a Stop may then land on any replica). ioredis and the
 * Redis store are loaded only then: importing ioredis alone adds about 20 MiB of RSS and a tenth
 * of a second to every start of an API that does not use it.
 *
 * @example
 * const registry = await createRegistry(loadConfig({ RESUME_GRACE_MS: '0' }));
 * await registry.close();
 */
export async function createRegistry(config: ApiConfig): Promise<GenerationRegistry> {
  const options = {
    graceMs: config.resumeGraceMs,
    ttlMs: config.resumeTtlMs,
    bufferBytes: config.resumeBufferBytes,
    endedBytes: config.resumeEndedBytes,
  };
  if (config.redisUrl === undefined) return createGenerationRegistry(options);
  const [{ Redis }, { createRedisGenerationStore }] = await Promise.all([
    import('ioredis'),
    import('@tokenwire/server/redis'),
  ]);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  // Failures reach the commands that fail; a dropped connection reconnects by itself.
  redis.on('error', () => {});
  const registry = createGenerationRegistry({
    ...options,
    shared: createRedisGenerationStore({ redis, ttlMs: config.resumeTtlMs }),
  });
  return {
    streamCompletion: (streamOptions) => registry.streamCompletion(streamOptions),
    resume: (id, resumeOptions) => registry.resume(id, resumeOptions),
    stop: (id, stopOptions) => registry.stop(id, stopOptions),
    get size() {
      return registry.size;
    },
    async close() {
      await registry.close();
      redis.disconnect();
    },
  };
}
