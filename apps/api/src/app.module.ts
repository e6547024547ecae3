import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { VigilConfig } from '@vigil/data';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { BackgroundRunsService } from './common/background-runs.service.js';
import { JobQueue } from './common/job-queue.service.js';
import { RateLimiter } from './common/rate-limiter.service.js';
import { redisProvider } from './common/redis.provider.js';
import { CONFIG } from './common/tokens.js';
import { ZodValidationPipe } from './common/zod-validation.pipe.js';
import { ConversationsController } from './conversations/conversations.controller.js';
import { ConversationsService } from './conversations/conversations.service.js';
import { dataSourceProvider, repositoryProviders } from './database/database.providers.js';
import { HealthController } from './health/health.controller.js';
import { LiveGateway } from './live/live.gateway.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';
import { ScoreQueueService } from './queue/score-queue.service.js';
import { EngineConfigService } from './settings/engine-config.service.js';
import { RescoreService } from './settings/rescore.service.js';
import { SettingsController } from './settings/settings.controller.js';
import { TopicDiscoveryController } from './settings/topic-discovery.controller.js';
import { TopicDiscoveryService } from './settings/topic-discovery.service.js';

@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly engineConfig: EngineConfigService,
  ) {}

  static forRoot(config: VigilConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        AuthController,
        ConversationsController,
        MetricsController,
        SettingsController,
        TopicDiscoveryController,
        HealthController,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        dataSourceProvider,
        ...repositoryProviders,
        redisProvider,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        AuthService,
        RateLimiter,
        JobQueue,
        BackgroundRunsService,
        ScoreQueueService,
        ConversationsService,
        MetricsService,
        LiveGateway,
        EngineConfigService,
        RescoreService,
        TopicDiscoveryService,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.auth.bootstrap();
    await this.engineConfig.ensureInitial();
  }
}
