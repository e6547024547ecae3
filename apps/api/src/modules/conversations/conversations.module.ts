import { Module } from '@nestjs/common';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';
import { ScoreQueueService } from './score-queue.service.js';

/** Ingest (store, then queue; the sweep re-queues) and the conversations list and detail. */
@Module({
  controllers: [ConversationsController],
  providers: [ConversationsService, ScoreQueueService],
})
export class ConversationsModule {}
