import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';

/** Alert rules, test deliveries and the delivery log (the workers match and send). */
@Module({
  controllers: [AlertsController],
  providers: [AlertsService],
})
export class AlertsModule {}
