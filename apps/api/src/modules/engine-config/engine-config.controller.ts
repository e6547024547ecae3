import { Body, Controller, Get, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  engineConfigSchema,
  fraudConfigSchema,
  policyDocumentSchema,
  scorecardSchema,
  topicsConfigSchema,
  type EngineConfig,
  type EngineConfigVersion,
  type FraudConfig,
  type PolicyDocument,
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
class PoliciesChange extends zodDto(z.strictObject({ policies: policyDocumentSchema, note })) {}
class FraudChange extends zodDto(z.strictObject({ fraud: fraudConfigSchema, note })) {}
class ImportDocument extends zodDto(engineConfigSchema.extend({ note })) {}

/**
 * Settings of the scoring engine: the topic taxonomy (admins), the QA scorecard (admins and
 * trainers) and the compliance policies (admins and compliance officers), as versioned
 * configuration, exported and imported as one document. Whoever may change a part may read the
 * whole document (its history shows every change); each may save only their part.
 */
const READ = ['settings.topics', 'settings.scorecard', 'settings.policies'] as const;

@ApiTags('settings')
@Controller('v1/settings/engine-config')
export class EngineConfigController {
  constructor(private readonly engineConfig: EngineConfigService) {}

  @Get()
  @RequirePermission(...READ)
  current(): Promise<EngineConfigVersion> {
    return this.engineConfig.current();
  }

  @Get('versions')
  @RequirePermission(...READ)
  versions(): Promise<Array<Omit<EngineConfigVersion, 'config'>>> {
    return this.engineConfig.history();
  }

  @Get('versions/:version')
  @RequirePermission(...READ)
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
  @RequirePermission(...READ)
  export(): Promise<EngineConfig & { version: number }> {
    return this.engineConfig.exportDocument();
  }

  @Put('topics')
  @RequirePermission('settings.topics')
  saveTopics(@Body() body: TopicsChange, @CurrentRequester() by: Requester): Promise<EngineConfigVersion> {
    return this.engineConfig.saveTopics(body.topics as TopicsConfig, by, body.note);
  }

  @Put('policies')
  @RequirePermission('settings.policies')
  savePolicies(
    @Body() body: PoliciesChange,
    @CurrentRequester() by: Requester,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.savePolicies(body.policies as PolicyDocument, by, body.note);
  }

  /** The fraud analyzer's weights, threshold and phrases: compliance's, like the policies. */
  @Put('fraud')
  @RequirePermission('settings.policies')
  saveFraud(@Body() body: FraudChange, @CurrentRequester() by: Requester): Promise<EngineConfigVersion> {
    return this.engineConfig.saveFraud(body.fraud as FraudConfig, by, body.note);
  }

  @Put('scorecard')
  @RequirePermission('settings.scorecard')
  saveScorecard(
    @Body() body: ScorecardChange,
    @CurrentRequester() by: Requester,
  ): Promise<EngineConfigVersion> {
    return this.engineConfig.saveScorecard(body.scorecard as QaScorecard, by, body.note);
  }

  /**
   * Replaces taxonomy, scorecard and policies at once, so it needs the right to change all of them;
   * a document without policies (exported before they existed) keeps the policies in force.
   */
  @Post('import')
  @RequirePermission('settings.topics')
  import(@Body() body: ImportDocument, @CurrentRequester() by: Requester): Promise<EngineConfigVersion> {
    const { topics, scorecard, policies, fraud, note } = body;
    return this.engineConfig.import(
      {
        topics: topics as TopicsConfig,
        scorecard: scorecard as QaScorecard,
        policies: policies as PolicyDocument | undefined,
        fraud: fraud as FraudConfig | undefined,
      },
      by,
      note,
    );
  }
}
