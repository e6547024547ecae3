import { Module } from '@nestjs/common';
import { EngineConfigModule } from '../engine-config/engine-config.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { CoachingController, ReportSubscriptionsController } from './coaching.controller.js';
import { CoachingService } from './coaching.service.js';
import { ReportSubscriptionsService } from './report-subscriptions.service.js';

/**
 * Coaching reports: built from the metrics (rollups) and the conversations, exported as CSV and PDF
 * (large PDFs by the workers), and weekly reports by e-mail.
 */
@Module({
  imports: [EngineConfigModule, MetricsModule],
  controllers: [CoachingController, ReportSubscriptionsController],
  providers: [CoachingService, ReportSubscriptionsService],
})
export class ReportsModule {}
