import { Module } from '@nestjs/common';
import { EngineConfigController } from './engine-config.controller.js';
import { EngineConfigService } from './engine-config.service.js';

/** The versioned taxonomy and scorecard. */
@Module({
  controllers: [EngineConfigController],
  providers: [EngineConfigService],
  exports: [EngineConfigService],
})
export class EngineConfigModule {}
