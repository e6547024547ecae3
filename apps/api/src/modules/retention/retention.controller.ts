import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { retentionPolicySchema, type RetentionRun, type RetentionSettings } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { RetentionService } from './retention.service.js';

class RetentionPolicyBody extends zodDto(retentionPolicySchema) {}

/** Retention periods per class of data, and the retention run (nightly in the workers, or now). */
@ApiTags('settings')
@Controller('v1/settings/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @RequirePermission('settings.retention')
  settings(): Promise<RetentionSettings> {
    return this.retention.settings();
  }

  @Put()
  @RequirePermission('settings.retention')
  save(@Body() body: RetentionPolicyBody, @CurrentRequester() by: Requester): Promise<RetentionSettings> {
    return this.retention.save(body, by);
  }

  @Post('run')
  @HttpCode(202)
  @RequirePermission('settings.retention')
  run(@CurrentRequester() by: Requester): Promise<RetentionRun> {
    return this.retention.start(by);
  }
}
