import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  COACHING_NOTE_KINDS,
  MAX_COACHING_NOTE_LENGTH,
  MAX_REPORT_RECIPIENTS,
  type CoachingNote,
  type CoachingReport,
  type CoachingReportRun,
  type ReportSubscriptionView,
} from '@vigil/contracts';
import { coachingFileName } from '@vigil/data';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CoachingService } from './coaching.service.js';
import { ReportSubscriptionsService } from './report-subscriptions.service.js';

const name = z.string().trim().min(1).max(200);

/** One of an agent or a team, and a period (to after from; a report over years is fine: it is read by day). */
class CoachingReportQueryDto extends zodDto(
  z
    .strictObject({
      agent: name.optional(),
      team: name.optional(),
      from: z.iso.datetime({ offset: true }),
      to: z.iso.datetime({ offset: true }),
    })
    .refine((q) => (q.agent === undefined) !== (q.team === undefined), {
      path: ['agent'],
      message: 'name exactly one of agent or team',
    })
    .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 2 * 366 * 86_400_000, {
      path: ['from'],
      message: 'a report covers at most two years',
    }),
) {}

class NotesQueryDto extends zodDto(z.strictObject({ agent: name })) {}

class NewNoteDto extends zodDto(
  z.strictObject({
    agent: name,
    kind: z.enum(COACHING_NOTE_KINDS),
    text: z.string().trim().min(1).max(MAX_COACHING_NOTE_LENGTH),
  }),
) {}

/** A weekly report for one of an agent or a team, to a few e-mail addresses (each once). */
class NewSubscriptionDto extends zodDto(
  z
    .strictObject({
      agent: name.optional(),
      team: name.optional(),
      recipients: z
        .array(
          z
            .email()
            .max(320)
            .transform((e) => e.toLowerCase()),
        )
        .min(1)
        .max(MAX_REPORT_RECIPIENTS)
        .transform((list) => [...new Set(list)]),
    })
    .refine((q) => (q.agent === undefined) !== (q.team === undefined), {
      path: ['agent'],
      message: 'name exactly one of agent or team',
    }),
) {}

/** Coaching reports for trainers (and managers, admins): the page's data, CSV and PDF, notes and goals. */
@ApiTags('reports')
@Controller('v1/reports')
export class CoachingController {
  constructor(private readonly coaching: CoachingService) {}

  @Get('coaching')
  @RequirePermission('reports.build')
  report(
    @Query() query: CoachingReportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CoachingReport> {
    return this.coaching.report(principal, query);
  }

  /** One row per conversation in scope with every score, streamed; audited. */
  @Get('coaching.csv')
  @RequirePermission('reports.build')
  async csv(
    @Query() query: CoachingReportQueryDto,
    @CurrentRequester() by: Requester,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.coaching.csv(by, query), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${coachingFileName(query, 'csv')}"`,
    });
  }

  /**
   * The report as a printable PDF; audited. A large one (more conversations than
   * VIGIL_REPORT_BACKGROUND_THRESHOLD) is built by the workers: 202, the run, and its Location to poll.
   */
  @Get('coaching.pdf')
  @RequirePermission('reports.build')
  async pdf(
    @Query() query: CoachingReportQueryDto,
    @CurrentRequester() by: Requester,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | CoachingReportRun> {
    const pdf = await this.coaching.pdf(by, query);
    if ('run' in pdf) {
      reply.status(202).header('location', `/api/v1/reports/runs/${pdf.run.id}`);
      return pdf.run;
    }
    return new StreamableFile(pdf.file, {
      type: 'application/pdf',
      disposition: `attachment; filename="${coachingFileName(query, 'pdf')}"`,
    });
  }

  /** A report being built in the background: status, progress 0–1, and its file's URL once done. */
  @Get('runs/:id')
  @RequirePermission('reports.build')
  run(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CoachingReportRun> {
    return this.coaching.run(principal, id);
  }

  /** The file a background report made, until it expires (VIGIL_REPORT_FILE_HOURS). */
  @Get('runs/:id/file')
  @RequirePermission('reports.build')
  async runFile(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const file = await this.coaching.file(principal, id);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  /** An agent's notes and goals, newest first. */
  @Get('coaching/notes')
  @RequirePermission('reports.build')
  notes(@Query() query: NotesQueryDto): Promise<CoachingNote[]> {
    return this.coaching.notes(query.agent);
  }

  /** A note or goal for an agent, kept with its author and time; shown in the agent's next reports. */
  @Post('coaching/notes')
  @RequirePermission('reports.build')
  addNote(@Body() body: NewNoteDto, @CurrentRequester() by: Requester): Promise<CoachingNote> {
    return this.coaching.addNote(by, body);
  }
}

/** Weekly coaching reports by e-mail: who gets which, for trainers, managers and admins. */
@ApiTags('reports')
@Controller('v1/reports/subscriptions')
export class ReportSubscriptionsController {
  constructor(private readonly subscriptions: ReportSubscriptionsService) {}

  @Get()
  @RequirePermission('reports.build')
  list(@CurrentPrincipal() principal: Principal): Promise<ReportSubscriptionView[]> {
    return this.subscriptions.list(principal);
  }

  @Post()
  @RequirePermission('reports.build')
  create(
    @Body() body: NewSubscriptionDto,
    @CurrentRequester() by: Requester,
  ): Promise<ReportSubscriptionView> {
    return this.subscriptions.create(by, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('reports.build')
  remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentRequester() by: Requester): Promise<void> {
    return this.subscriptions.remove(by, id);
  }
}
