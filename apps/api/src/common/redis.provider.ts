import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { VigilConfig } from '@vigil/data';
import { CONFIG, REDIS } from './tokens.js';

/**
 * The API's Redis connection for its own commands. Commands fail fast while Redis is away rather
 * than queueing: ingest then stores the conversation and the sweep queues it later.
 */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [CONFIG],
  useFactory: (config: VigilConfig) => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis.on('error', () => undefined); // reconnects by itself; /api/v1/health reports the outage
    return redis;
  },
};
