import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CHANNELS,
  FLAG_BULK_MAX,
  FLAG_DECISIONS,
  FLAG_SOURCES,
  FLAG_STATUSES,
  FLAG_TEXT_MAX,
  SEVERITIES,
  TIMESTAMP_YEARS,
  type FlagBulkResult,
  type FlagDetail,
  type FlagOverview,
  type FlagPage,
} from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { FlagsService } from './flags.service.js';

/** An ISO time in the years Postgres holds. */
const time = z.iso.datetime({ offset: true }).refine(
  (t) => {
    const year = /^(\d{4})-/.exec(t)?.[1];
    return !year || (Number(year) >= TIMESTAMP_YEARS.min && Number(year) <= TIMESTAMP_YEARS.max);
  },
  { message: `must be in the years ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}` },
);

/** "open,in_review" → ['open', 'in_review'], each checked against the allowed values. */
const listOf = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .max(200)
    .transform((text, ctx) => {
      const items = [...new Set(text.split(',').map((s) => s.trim()))];
      const wrong = items.filter((s) => !(values as readonly string[]).includes(s));
      if (wrong.length)
        ctx.addIssue({
          code: 'custom',
          message: `${wrong.map((w) => `"${w}"`).join(', ')}: expected one or more of ${values.join(', ')}`,
        });
      return items as T[];
    });

const uuid = z.uuid({ message: 'expected a user id' });
const period = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from);
const periodError = { path: ['to'], message: 'must be after from' };

class FlagListQuery extends zodDto(
  z
    .strictObject({
      status: listOf(FLAG_STATUSES).optional(),
      severity: listOf(SEVERITIES).optional(),
      rule: z.string().trim().min(1).max(200).optional(),
      team: z.string().max(200).optional(),
      channel: z.enum(CHANNELS).optional(),
      assignee: z
        .union([z.literal('me'), z.literal('none'), uuid], { error: 'expected a user id, "me" or "none"' })
        .optional(),
      source: z.enum(FLAG_SOURCES).optional(),
      from: time.optional(),
      to: time.optional(),
      minAgeHours: z.coerce
        .number()
        .min(0)
        .max(24 * 3650)
        .optional(),
      overdue: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      after: z.string().max(400).optional(),
    })
    .refine(period, periodError),
) {}

class OverviewQuery extends zodDto(
  z
    .strictObject({
      from: time.default(() => new Date(Date.now() - 7 * 86_400_000).toISOString()),
      to: time.default(() => new Date().toISOString()),
    })
    .refine(period, periodError)
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, {
      path: ['from'],
      message: 'the period may be at most 400 days',
    }),
) {}

const reason = z.string().trim().max(FLAG_TEXT_MAX);
const version = z.number().int().min(1);

class DecisionDto extends zodDto(
  z
    .strictObject({
      status: z.enum(FLAG_DECISIONS),
      reason: reason.optional(),
      version: version.optional(),
      expectedStatus: z.enum(FLAG_STATUSES).optional(),
    })
    .refine((d) => d.status !== 'dismissed' || !!d.reason, {
      path: ['reason'],
      message: 'a dismissal needs a reason',
    }),
) {}

const assignee = z.union([z.literal('me'), uuid, z.null()], { error: 'expected a user id, "me" or null' });

class AssignDto extends zodDto(z.strictObject({ assignee, version: version.optional() })) {}

class CommentDto extends zodDto(
  z.strictObject({ text: z.string().trim().min(1, 'a comment needs text').max(FLAG_TEXT_MAX) }),
) {}

class BulkDto extends zodDto(
  z
    .strictObject({
      ids: z.array(z.uuid()).min(1).max(FLAG_BULK_MAX),
      action: z.enum(['assign', 'decide']),
      assignee: assignee.optional(),
      status: z.enum(FLAG_DECISIONS).optional(),
      reason: reason.optional(),
    })
    .refine((b) => b.action !== 'decide' || b.status, {
      path: ['status'],
      message: 'a decision needs a status',
    })
    .refine((b) => b.action !== 'assign' || b.assignee !== undefined, {
      path: ['assignee'],
      message: 'an assignment needs an assignee (or null)',
    })
    .refine((b) => b.status !== 'dismissed' || !!b.reason, {
      path: ['reason'],
      message: 'a dismissal needs a reason',
    }),
) {}

/** The review queue: reading it needs flags.read (managers too), acting on it flags.work. */
@ApiTags('flags')
@Controller('v1/flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @RequirePermission('flags.read')
  list(@Query() query: FlagListQuery, @CurrentPrincipal() principal: Principal): Promise<FlagPage> {
    return this.flags.list(query, principal);
  }

  /** The compliance overview, from the flag rollups. */
  @Get('overview')
  @RequirePermission('flags.read')
  overview(@Query() query: OverviewQuery, @CurrentPrincipal() principal: Principal): Promise<FlagOverview> {
    return this.flags.overview(new Date(query.from), new Date(query.to), principal);
  }

  @Get(':id')
  @RequirePermission('flags.read')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FlagDetail> {
    return this.flags.get(id, principal);
  }

  @Post('bulk')
  @HttpCode(200)
  @RequirePermission('flags.work')
  bulk(@Body() body: BulkDto, @CurrentRequester() by: Requester): Promise<FlagBulkResult> {
    return this.flags.bulk(body, by);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @RequirePermission('flags.work')
  assign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignDto,
    @CurrentRequester() by: Requester,
  ): Promise<FlagDetail> {
    return this.flags.assign(id, body.assignee, body.version, by);
  }

  /** In review, back to open, confirm, dismiss (with a reason) or escalate. */
  @Post(':id/decision')
  @HttpCode(200)
  @RequirePermission('flags.work')
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecisionDto,
    @CurrentRequester() by: Requester,
  ): Promise<FlagDetail> {
    return this.flags.decide(id, body, by);
  }

  @Post(':id/comments')
  @HttpCode(201)
  @RequirePermission('flags.work')
  comment(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CommentDto,
    @CurrentRequester() by: Requester,
  ): Promise<FlagDetail> {
    return this.flags.comment(id, body.text, by);
  }
}
