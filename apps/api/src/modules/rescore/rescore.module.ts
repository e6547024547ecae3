import { Module } from '@nestjs/common';
import { RescoreController } from './rescore.controller.js';
import { RescoreService } from './rescore.service.js';

/** Rescoring a period in the background (a background run of kind "rescore"). */
@Module({ controllers: [RescoreController], providers: [RescoreService] })
export class RescoreModule {}
