import { Module } from '@nestjs/common';
import { EngineConfigModule } from '../engine-config/engine-config.module.js';
import { LiveOverviewService } from './live-overview.service.js';
import { MetricsController, TeamsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** The overview and QA criteria from the rollups, over REST and pushed live, and the teams there are. */
@Module({
  imports: [EngineConfigModule],
  controllers: [MetricsController, TeamsController],
  providers: [MetricsService, LiveOverviewService],
  exports: [LiveOverviewService, MetricsService],
})
export class MetricsModule {}
