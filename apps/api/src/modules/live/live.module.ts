import { Module } from '@nestjs/common';
import { AnomaliesModule } from '../anomalies/anomalies.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { FlagsModule } from '../flags/flags.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { LiveGateway } from './live.gateway.js';

/** The socket: handshake, rooms and typed sends; what is pushed comes from the domain modules. */
@Module({ imports: [AuthModule, MetricsModule, FlagsModule, AnomaliesModule], providers: [LiveGateway] })
export class LiveModule {}
