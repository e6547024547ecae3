import { Module } from '@nestjs/common';
import { FlagsController } from './flags.controller.js';
import { FlagsService } from './flags.service.js';
import { LiveFlagsService } from './live-flags.service.js';

/** Flags and the review queue: the queue's API, the compliance overview, and new flags pushed live. */
@Module({
  controllers: [FlagsController],
  providers: [FlagsService, LiveFlagsService],
  exports: [LiveFlagsService],
})
export class FlagsModule {}
