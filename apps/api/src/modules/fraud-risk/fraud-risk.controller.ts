import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { TIMESTAMP_YEARS, type FraudOverview } from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { RequirePermission } from '../auth/auth.decorators.js';
import { FraudRiskService } from './fraud-risk.service.js';

const since = z.iso
  .datetime({ offset: true })
  .refine(
    (t) => {
      const year = Number(t.slice(0, 4));
      return year >= TIMESTAMP_YEARS.min && year <= TIMESTAMP_YEARS.max;
    },
    { message: `must be in the years ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}` },
  )
  .optional();

class FraudQuery extends zodDto(
  z.strictObject({
    since,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
) {}

/**
 * The fraud view: the riskiest recent conversations with their reasons, and risk per hour. Readable
 * by whoever may read the review queue (flags.read). `since` defaults to a day ago and is held to the
 * last MAX_FRAUD_DAYS days, which bounds what the queries read.
 */
@ApiTags('fraud')
@Controller('v1/fraud')
export class FraudRiskController {
  constructor(private readonly fraud: FraudRiskService) {}

  @Get('conversations')
  @RequirePermission('flags.read')
  async conversations(
    @Query() query: FraudQuery,
  ): Promise<Pick<FraudOverview, 'since' | 'threshold' | 'conversations'>> {
    return this.fraud.riskiest(query.since, query.limit);
  }

  @Get('overview')
  @RequirePermission('flags.read')
  overview(@Query() query: FraudQuery): Promise<FraudOverview> {
    return this.fraud.overview(query.since, query.limit);
  }
}
