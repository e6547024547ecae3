import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { TIMESTAMP_YEARS, isAuditActionFilter, type AuditPage } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { AuditService } from './audit.service.js';
import { CurrentRequester, type Requester } from './requester.js';

/** An ISO time in the years the log can hold (Postgres refuses year 0, for one). */
const time = z.iso.datetime({ offset: true }).refine(
  (t) => {
    // A time not in the format already failed its check; one error per field is enough.
    const year = /^(\d{4})-/.exec(t)?.[1];
    return !year || (Number(year) >= TIMESTAMP_YEARS.min && Number(year) <= TIMESTAMP_YEARS.max);
  },
  { message: `must be in the years ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}` },
);

const filters = {
  from: time.optional(),
  to: time.optional(),
  action: z
    .string()
    .refine(isAuditActionFilter, 'expected an audit action, or an area such as "user."')
    .optional(),
  actor: z.string().trim().min(1).max(400).optional(),
  target: z.string().trim().min(1).max(400).optional(),
};
const period = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from);
const periodError = { path: ['to'], message: 'must be after from' };

class AuditFilterQuery extends zodDto(z.strictObject(filters).refine(period, periodError)) {}
class AuditPageQuery extends zodDto(
  z
    .strictObject({
      ...filters,
      before: z
        .string()
        .regex(/^[1-9]\d{0,17}$/, 'expected the "next" of a previous page')
        .optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    })
    .refine(period, periodError),
) {}

/** The audit log: who did what, when, from where. Read by admins and compliance officers. */
@ApiTags('audit')
@Controller('v1')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  @RequirePermission('audit.read')
  list(@Query() query: AuditPageQuery): Promise<AuditPage> {
    return this.audit.list(query);
  }

  /** The whole filtered log as CSV, streamed; exporting it is audited. */
  @Get('audit.csv')
  @RequirePermission('audit.read')
  async exportCsv(
    @Query() query: AuditFilterQuery,
    @CurrentRequester() by: Requester,
  ): Promise<StreamableFile> {
    const file = `vigil-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new StreamableFile(await this.audit.exportCsv(query, by), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file}"`,
    });
  }
}
