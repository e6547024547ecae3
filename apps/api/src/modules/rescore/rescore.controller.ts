import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { RescoreRun } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { RescoreService } from './rescore.service.js';

class RescoreRequest extends zodDto(
  z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
) {}

/** Rescoring a period with the configuration in force, after the taxonomy or scorecard changed. */
@ApiTags('settings')
@Controller('v1/settings/rescore')
export class RescoreController {
  constructor(private readonly rescore: RescoreService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('settings.topics', 'settings.scorecard', 'settings.policies')
  startRescore(@Body() body: RescoreRequest, @CurrentRequester() by: Requester): Promise<RescoreRun> {
    return this.rescore.start(new Date(body.from), new Date(body.to), by);
  }

  @Get()
  @RequirePermission('settings.topics', 'settings.scorecard', 'settings.policies')
  recentRescores(): Promise<RescoreRun[]> {
    return this.rescore.recent();
  }

  @Get(':id')
  @RequirePermission('settings.topics', 'settings.scorecard', 'settings.policies')
  rescoreRun(@Param('id', new ParseUUIDPipe()) id: string): Promise<RescoreRun> {
    return this.rescore.get(id);
  }
}
