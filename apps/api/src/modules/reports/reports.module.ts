import { Module } from '@nestjs/common';
import { EngineConfigModule } from '../engine-config/engine-config.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { CoachingController } from './coaching.controller.js';
import { CoachingService } from './coaching.service.js';

/** Coaching reports: built from the metrics (rollups) and the conversations, exported as CSV and PDF. */
@Module({
  imports: [EngineConfigModule, MetricsModule],
  controllers: [CoachingController],
  providers: [CoachingService],
})
export class ReportsModule {}
