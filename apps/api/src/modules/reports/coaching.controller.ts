import { Body, Controller, Get, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  COACHING_NOTE_KINDS,
  MAX_COACHING_NOTE_LENGTH,
  type CoachingNote,
  type CoachingReport,
} from '@vigil/contracts';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CoachingService } from './coaching.service.js';

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

/** A file name from the report's subject and period, in characters any file system takes. */
function fileName(query: CoachingReportQueryDto, extension: string): string {
  const subject = (query.agent ?? query.team!).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `vigil-coaching-${subject}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.${extension}`;
}

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
      disposition: `attachment; filename="${fileName(query, 'csv')}"`,
    });
  }

  /** The report as a printable PDF; audited. */
  @Get('coaching.pdf')
  @RequirePermission('reports.build')
  async pdf(
    @Query() query: CoachingReportQueryDto,
    @CurrentRequester() by: Requester,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.coaching.pdf(by, query), {
      type: 'application/pdf',
      disposition: `attachment; filename="${fileName(query, 'pdf')}"`,
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
