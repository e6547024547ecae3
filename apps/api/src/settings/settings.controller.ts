import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  engineConfigSchema,
  scorecardSchema,
  topicsConfigSchema,
  type EngineConfig,
  type EngineConfigVersion,
  type QaScorecard,
  type RescoreRun,
  type TopicsConfig,
} from '@vigil/contracts';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { zodDto } from '../common/zod-validation.pipe.js';
import { EngineConfigService } from './engine-config.service.js';
import { RescoreService } from './rescore.service.js';

const note = z.string().trim().max(500).optional();
class TopicsChange extends zodDto(z.strictObject({ topics: topicsConfigSchema, note })) {}
class ScorecardChange extends zodDto(z.strictObject({ scorecard: scorecardSchema, note })) {}
class ImportDocument extends zodDto(engineConfigSchema.extend({ note })) {}
class RescoreRequest extends zodDto(
  z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
) {}

/**
 * Settings of the scoring engine: the topic taxonomy (admins) and the QA scorecard (admins and
 * trainers), as versioned configuration, exported and imported as one document, and rescoring.
 */
@ApiTags('settings')
@Controller('v1/settings')
export class SettingsController {
  constructor(
    private readonly engineConfig: EngineConfigService,
    private readonly rescore: RescoreService,
  ) {}

  @Get('engine-config')
  @RequirePermission('settings.topics', 'settings.scorecard')
  current(): Promise<EngineConfigVersion> {
    return this.engineConfig.current();
  }

  @Get('engine-config/versions')
  @RequirePermission('settings.topics', 'settings.scorecard')
  versions(): Promise<Array<Omit<EngineConfigVersion, 'config'>>> {
    return this.engineConfig.history();
  }

  @Get('engine-config/versions/:version')
  @RequirePermission('settings.topics', 'settings.scorecard')
  version(@Param('version', new ParseIntPipe()) version: number): Promise<EngineConfigVersion> {
    return this.engineConfig.get(version);
  }

  /** An earlier version in force again, as a new version (history is never rewritten). */
  @Post('engine-config/versions/:version/restore')
  @RequirePermission('settings.topics')
  async restore(
    @Param('version', new ParseIntPipe()) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EngineConfigVersion> {
    const { config } = await this.engineConfig.get(version);
    return this.engineConfig.save(() => config, actorOf(principal), `restored version ${version}`);
  }

  /** The configuration in force as one document, for backup or another installation. */
  @Get('engine-config/export')
  @RequirePermission('settings.topics', 'settings.scorecard')
  async export(): Promise<EngineConfig & { version: number }> {
    const { version, config } = await this.engineConfig.current();
    return { version, ...config };
  }

  @Put('engine-config/topics')
  @RequirePermission('settings.topics')
  saveTopics(
    @Body() body: TopicsChange,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.save(
      (c) => ({ ...c, topics: body.topics as TopicsConfig }),
      actorOf(principal),
      body.note,
    );
  }

  @Put('engine-config/scorecard')
  @RequirePermission('settings.scorecard')
  saveScorecard(
    @Body() body: ScorecardChange,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.save(
      (c) => ({ ...c, scorecard: body.scorecard as QaScorecard }),
      actorOf(principal),
      body.note,
    );
  }

  /** Replaces taxonomy and scorecard at once, so it needs the right to change both. */
  @Post('engine-config/import')
  @RequirePermission('settings.topics')
  import(
    @Body() body: ImportDocument,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EngineConfigVersion> {
    const { topics, scorecard } = body;
    return this.engineConfig.save(
      () => ({ topics: topics as TopicsConfig, scorecard: scorecard as QaScorecard }),
      actorOf(principal),
      body.note ?? 'imported',
    );
  }

  @Post('rescore')
  @HttpCode(202)
  @RequirePermission('settings.topics', 'settings.scorecard')
  startRescore(@Body() body: RescoreRequest, @CurrentPrincipal() principal: Principal): Promise<RescoreRun> {
    return this.rescore.start(new Date(body.from), new Date(body.to), actorOf(principal));
  }

  @Get('rescore')
  @RequirePermission('settings.topics', 'settings.scorecard')
  recentRescores(): Promise<RescoreRun[]> {
    return this.rescore.recent();
  }

  @Get('rescore/:id')
  @RequirePermission('settings.topics', 'settings.scorecard')
  rescoreRun(@Param('id', new ParseUUIDPipe()) id: string): Promise<RescoreRun> {
    return this.rescore.get(id);
  }
}
