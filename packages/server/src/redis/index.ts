/**
 * @module Redis for @tokenwire/server: generations readable and stoppable from every replica.
 */
export {
  createRedisGenerationStore,
  type RedisGenerationStoreOptions,
} from './create-redis-generation-store.js';
