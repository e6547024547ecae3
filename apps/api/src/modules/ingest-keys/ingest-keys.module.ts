import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IngestKeysController } from './ingest-keys.controller.js';
import { IngestKeysService } from './ingest-keys.service.js';

/** Creating, listing and revoking ingest keys (authenticating with them is AuthModule's). */
@Module({
  imports: [AuthModule],
  controllers: [IngestKeysController],
  providers: [IngestKeysService],
})
export class IngestKeysModule {}
