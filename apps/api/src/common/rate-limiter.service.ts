import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { VigilConfig } from '@vigil/data';
import { CONFIG, REDIS } from './tokens.js';

/**
 * INCR, and on the window's first hit EXPIRE, as one command. (A MULTI costs an ioredis Pipeline
 * object per request, which showed up in the API's profile at ~0.1 ms each.) Defined as an ioredis
 * command, it is sent as EVALSHA: with EVAL, every request wrote the whole script to Redis and
 * Redis hashed it again (the largest single item of the API's profile under single POSTs).
 */
const INCR_WITH_EXPIRY = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;
const COMMAND = 'vigilIncrWithExpiry';
type WithCommand = Redis & { [COMMAND]: (key: string, seconds: number) => Promise<number> };

/**
 * Fixed one-minute windows counted in Redis, so every API instance shares the count. If Redis is
 * down the limiter lets requests through: ingest must keep storing conversations.
 */
@Injectable()
export class RateLimiter {
  private readonly redis: WithCommand;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: INCR_WITH_EXPIRY });
    this.redis = redis as WithCommand;
  }

  async consume(bucket: string, key: string, limitPerMinute: number): Promise<void> {
    const window = Math.floor(Date.now() / 60_000);
    const redisKey = `${this.config.queuePrefix}:ratelimit:${bucket}:${key}:${window}`;
    let count: number;
    try {
      count = await this.redis[COMMAND](redisKey, 61);
    } catch {
      return;
    }
    if (count > limitPerMinute) {
      const retryAfter = 60 - Math.floor((Date.now() / 1000) % 60);
      throw new HttpException(
        { message: `Too many requests; retry in ${retryAfter} s`, retryAfter },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
