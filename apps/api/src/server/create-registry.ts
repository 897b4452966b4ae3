import { createGenerationRegistry, type GenerationRegistry } from '@tokenwire/server';
import { createRedisGenerationStore } from '@tokenwire/server/redis';
import { Redis } from 'ioredis';
import type { ApiConfig } from '../config/load-config.js';

/**
 * The registry that keeps answers for resume and stop: in this process, or shared through Redis
 * when `REDIS_URL` is set (a resume or a Stop may then land on any replica).
 *
 * @example
 * const registry = createRegistry(loadConfig({ RESUME_GRACE_MS: '0' }));
 * await registry.close();
 */
export function createRegistry(config: ApiConfig): GenerationRegistry {
  const options = {
    graceMs: config.resumeGraceMs,
    ttlMs: config.resumeTtlMs,
    bufferBytes: config.resumeBufferBytes,
    endedBytes: config.resumeEndedBytes,
  };
  if (config.redisUrl === undefined) return createGenerationRegistry(options);
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
