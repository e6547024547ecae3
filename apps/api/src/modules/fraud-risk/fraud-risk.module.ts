import { Module } from '@nestjs/common';
import { FraudRiskController } from './fraud-risk.controller.js';
import { FraudRiskService } from './fraud-risk.service.js';

/** The fraud view's API: the riskiest recent conversations and risk over time (scores.fraud). */
@Module({
  controllers: [FraudRiskController],
  providers: [FraudRiskService],
})
export class FraudRiskModule {}
