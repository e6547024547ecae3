import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { GRANULARITIES, type OverviewSnapshot, type QaCriteriaSnapshot } from '@vigil/contracts';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { MetricsService } from './metrics.service.js';

class OverviewQuery extends zodDto(
  z.strictObject({
    from: z.iso.datetime({ offset: true }).default(() => new Date(Date.now() - 3_600_000).toISOString()),
    to: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
    granularity: z.enum(GRANULARITIES).default('minute'),
    team: z.string().max(200).optional(),
    channel: z.string().max(200).optional(),
    agent: z.string().max(200).optional(),
    topic: z.string().max(200).optional(),
  }),
) {}

class QaCriteriaQueryDto extends zodDto(
  z.strictObject({
    from: z.iso.datetime({ offset: true }).default(() => new Date(Date.now() - 86_400_000).toISOString()),
    to: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
    // Criterion counts are kept by hour and day: a minute is too fine to coach from.
    granularity: z.enum(['hour', 'day']).default('hour'),
    team: z.string().min(1).max(200).optional(),
    agent: z.string().min(1).max(200).optional(),
  }),
) {}

@ApiTags('metrics')
@Controller('v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('overview')
  @RequirePermission('overview.read')
  overview(
    @Query() query: OverviewQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OverviewSnapshot> {
    return this.metrics.overviewFor(principal, query);
  }

  /** Each QA criterion's met rate over time, overall or for one team or agent: what trainers coach from. */
  @Get('qa-criteria')
  @RequirePermission('overview.read')
  qaCriteria(
    @Query() query: QaCriteriaQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QaCriteriaSnapshot> {
    return this.metrics.qaCriteriaFor(principal, query);
  }
}

/** The teams to choose from in filters and in the users' settings. */
@ApiTags('metrics')
@Controller('v1/teams')
export class TeamsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Teams seen in scored conversations, by name; a user limited to teams gets their own. */
  @Get()
  @RequirePermission('overview.read')
  teams(@CurrentPrincipal() principal: Principal): Promise<string[]> {
    return this.metrics.teams(principal);
  }
}
