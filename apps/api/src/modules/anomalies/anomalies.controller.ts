import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ANOMALY_METRICS,
  ANOMALY_SEVERITIES,
  DIMENSIONS,
  TIMESTAMP_YEARS,
  type AnomalyDetail,
  type AnomalyList,
} from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { AnomaliesService } from './anomalies.service.js';

/** An ISO time in the years Postgres holds. */
const time = z.iso.datetime({ offset: true }).refine(
  (t) => {
    const year = Number(/^(\d{4})-/.exec(t)?.[1]);
    return year >= TIMESTAMP_YEARS.min && year <= TIMESTAMP_YEARS.max;
  },
  { message: `must be in the years ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}` },
);

/** "all", or "<kind>:<value>" with kind one of team, channel, agent, topic. */
const dimension = z
  .string()
  .max(220)
  .transform((text, ctx) => {
    if (text === 'all') return { dimension: 'all' as const, value: '*' };
    const i = text.indexOf(':');
    const kind = text.slice(0, i);
    const value = text.slice(i + 1);
    if (i < 1 || kind === 'all' || !(DIMENSIONS as readonly string[]).includes(kind) || !value) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected "all" or "<team|channel|agent|topic>:<value>", e.g. "team:billing"',
      });
      return z.NEVER;
    }
    return { dimension: kind as (typeof DIMENSIONS)[number], value };
  });

class AnomalyListQuery extends zodDto(
  z.strictObject({
    since: time.optional(),
    metric: z.enum(ANOMALY_METRICS).optional(),
    dimension: dimension.optional(),
    minSeverity: z.enum(ANOMALY_SEVERITIES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
) {}

class AnomalyDetailQuery extends zodDto(
  z.strictObject({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }),
) {}

/** Anomalies the workers found on the rollup series: read with the live overview's permission. */
@ApiTags('anomalies')
@Controller('v1/anomalies')
export class AnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Get()
  @RequirePermission('overview.read')
  list(@Query() query: AnomalyListQuery, @CurrentPrincipal() principal: Principal): Promise<AnomalyList> {
    return this.anomalies.list(query, principal);
  }

  /** One anomaly with the conversations of its series' bucket (the drill-down). */
  @Get(':id')
  @RequirePermission('overview.read')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AnomalyDetailQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AnomalyDetail> {
    return this.anomalies.get(id, query, principal);
  }
}
