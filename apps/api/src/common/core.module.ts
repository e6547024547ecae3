import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { VigilConfig } from '@vigil/data';
import { BackgroundRunsService } from './background-runs.service.js';
import { dataSourceProvider, repositoryProviders } from './database.providers.js';
import { JobQueue } from './job-queue.service.js';
import { RateLimiter } from './rate-limiter.service.js';
import { redisProvider } from './redis.provider.js';
import { CONFIG } from './tokens.js';

/**
 * The shared infrastructure every domain module may inject: the configuration, the database and the
 * repositories of @vigil/data, Redis, the one job producer, background runs and the rate limiter.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: VigilConfig): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: config },
      dataSourceProvider,
      ...repositoryProviders,
      redisProvider,
      JobQueue,
      BackgroundRunsService,
      RateLimiter,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}
