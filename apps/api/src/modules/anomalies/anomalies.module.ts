import { Module } from '@nestjs/common';
import { AnomaliesController } from './anomalies.controller.js';
import { AnomaliesService } from './anomalies.service.js';
import { LiveAnomaliesService } from './live-anomalies.service.js';

/** Anomalies on the rollup series: the list, one with its conversations, and new ones pushed live. */
@Module({
  controllers: [AnomaliesController],
  providers: [AnomaliesService, LiveAnomaliesService],
  exports: [LiveAnomaliesService],
})
export class AnomaliesModule {}
