import { Module } from '@nestjs/common';
import { ErasureService } from './erasure.service.js';
import { ErasuresController } from './erasures.controller.js';
import { RetentionController } from './retention.controller.js';
import { RetentionService } from './retention.service.js';

/** Retention periods and runs (Settings → Retention), and erasure of a customer's data on request. */
@Module({
  controllers: [RetentionController, ErasuresController],
  providers: [RetentionService, ErasureService],
})
export class RetentionModule {}
