import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** GET /api/v1/health, for load balancers and container checks. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
