import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  type PipeTransform,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { DiscoveryRun, EngineConfigVersion } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { badRequest, zodDto } from '../../common/zod-validation.pipe.js';
import { TopicDiscoveryService } from './topic-discovery.service.js';

class DiscoveryRequest extends zodDto(z.strictObject({ days: z.number().int().min(1).max(90).optional() })) {}

/** Candidate ids are made by discovery: `candidate.` and a slug of the candidate's top terms. */
class CandidateIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^candidate\.[a-z0-9_]{1,100}$/.test(value))
      throw badRequest([{ field: 'candidate', message: 'not a candidate id' }]);
    return value;
  }
}

/** Topic discovery: candidate topics from the conversations no topic explains, adopted by admins. */
@ApiTags('settings')
@Controller('v1/settings/topic-discovery')
export class TopicDiscoveryController {
  constructor(private readonly discovery: TopicDiscoveryService) {}

  @Get()
  @RequirePermission('settings.topics')
  overview(): Promise<{ latest: DiscoveryRun | null; current: DiscoveryRun | null }> {
    return this.discovery.overview();
  }

  @Post()
  @HttpCode(202)
  @RequirePermission('settings.topics')
  start(@Body() body: DiscoveryRequest, @CurrentRequester() by: Requester): Promise<DiscoveryRun> {
    return this.discovery.start(body.days, by);
  }

  @Get(':id')
  @RequirePermission('settings.topics')
  run(@Param('id', new ParseUUIDPipe()) id: string): Promise<DiscoveryRun> {
    return this.discovery.get(id);
  }

  @Post(':id/candidates/:candidate/adopt')
  @RequirePermission('settings.topics')
  adopt(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('candidate', new CandidateIdPipe()) candidate: string,
    @CurrentRequester() by: Requester,
  ): Promise<EngineConfigVersion> {
    return this.discovery.adopt(id, candidate, by);
  }
}
