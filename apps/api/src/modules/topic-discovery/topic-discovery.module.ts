import { Module } from '@nestjs/common';
import { EngineConfigModule } from '../engine-config/engine-config.module.js';
import { TopicDiscoveryController } from './topic-discovery.controller.js';
import { TopicDiscoveryService } from './topic-discovery.service.js';

/** Candidate topics found in unexplained conversations, adopted into the taxonomy. */
@Module({
  imports: [EngineConfigModule],
  controllers: [TopicDiscoveryController],
  providers: [TopicDiscoveryService],
})
export class TopicDiscoveryModule {}
