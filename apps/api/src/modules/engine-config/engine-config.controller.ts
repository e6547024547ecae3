import { Body, Controller, Get, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  engineConfigSchema,
  scorecardSchema,
  topicsConfigSchema,
  type EngineConfig,
  type EngineConfigVersion,
  type QaScorecard,
  type TopicsConfig,
} from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { EngineConfigService } from './engine-config.service.js';

const note = z.string().trim().max(500).optional();
class TopicsChange extends zodDto(z.strictObject({ topics: topicsConfigSchema, note })) {}
class ScorecardChange extends zodDto(z.strictObject({ scorecard: scorecardSchema, note })) {}
class ImportDocument extends zodDto(engineConfigSchema.extend({ note })) {}

/**
 * Settings of the scoring engine: the topic taxonomy (admins) and the QA scorecard (admins and
 * trainers), as versioned configuration, exported and imported as one document.
 */
@ApiTags('settings')
@Controller('v1/settings/engine-config')
export class EngineConfigController {
  constructor(private readonly engineConfig: EngineConfigService) {}

  @Get()
  @RequirePermission('settings.topics', 'settings.scorecard')
  current(): Promise<EngineConfigVersion> {
    return this.engineConfig.current();
  }

  @Get('versions')
  @RequirePermission('settings.topics', 'settings.scorecard')
  versions(): Promise<Array<Omit<EngineConfigVersion, 'config'>>> {
    return this.engineConfig.history();
  }

  @Get('versions/:version')
  @RequirePermission('settings.topics', 'settings.scorecard')
  version(@Param('version', new ParseIntPipe()) version: number): Promise<EngineConfigVersion> {
    return this.engineConfig.get(version);
  }

  /** An earlier version in force again, as a new version (history is never rewritten). */
  @Post('versions/:version/restore')
  @RequirePermission('settings.topics')
  restore(
    @Param('version', new ParseIntPipe()) version: number,
    @CurrentRequester() by: Requester,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.restore(version, by);
  }

  /** The configuration in force as one document, for backup or another installation. */
  @Get('export')
  @RequirePermission('settings.topics', 'settings.scorecard')
  export(): Promise<EngineConfig & { version: number }> {
    return this.engineConfig.exportDocument();
  }

  @Put('topics')
  @RequirePermission('settings.topics')
  saveTopics(@Body() body: TopicsChange, @CurrentRequester() by: Requester): Promise<EngineConfigVersion> {
    return this.engineConfig.saveTopics(body.topics as TopicsConfig, by, body.note);
  }

  @Put('scorecard')
  @RequirePermission('settings.scorecard')
  saveScorecard(
    @Body() body: ScorecardChange,
    @CurrentRequester() by: Requester,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.saveScorecard(body.scorecard as QaScorecard, by, body.note);
  }

  /** Replaces taxonomy and scorecard at once, so it needs the right to change both. */
  @Post('import')
  @RequirePermission('settings.topics')
  import(@Body() body: ImportDocument, @CurrentRequester() by: Requester): Promise<EngineConfigVersion> {
    const { topics, scorecard, note } = body;
    return this.engineConfig.import(
      { topics: topics as TopicsConfig, scorecard: scorecard as QaScorecard },
      by,
      note,
    );
  }
}
