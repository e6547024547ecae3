import { Readable } from 'node:stream';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { CoachingNote, CoachingReport, CoachingReportQuery, NewCoachingNote } from '@vigil/contracts';
import {
  CoachingReportBuilder,
  CoachingRepository,
  ConversationRepository,
  MetricsQueryError,
  coachingPdf,
  coachingScope,
  type CoachingScope,
} from '@vigil/data';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { requireTeamScope } from '../auth/require-team-scope.js';
import { EngineConfigService } from '../engine-config/engine-config.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { coachingCsv } from './coaching-csv.js';

/** A report query the data cannot answer as asked, as a 400 naming the field. */
function rethrowAsHttp(error: unknown): never {
  if (!(error instanceof MetricsQueryError)) throw error;
  const { field, message, summary } = error.problem;
  throw new BadRequestException({ message: summary, errors: [{ field: `query.${field}`, message }] });
}

/**
 * Coaching reports: the page's numbers, the CSV and the PDF, and trainers' notes and goals. The
 * report itself is built by the data layer's CoachingReportBuilder, which the workers share.
 */
@Injectable()
export class CoachingService {
  private readonly builder: CoachingReportBuilder;

  constructor(
    metrics: MetricsService,
    private readonly repository: CoachingRepository,
    conversations: ConversationRepository,
    private readonly engineConfig: EngineConfigService,
    private readonly audit: AuditService,
  ) {
    this.builder = new CoachingReportBuilder(metrics, repository, conversations, engineConfig);
  }

  /** The report a principal may read: their teams only (403 for a team that is not theirs). */
  report(principal: Principal, query: CoachingReportQuery): Promise<CoachingReport> {
    return this.builder.build(query, requireTeamScope(principal, query.team)).catch(rethrowAsHttp);
  }

  /** Every conversation in scope as CSV, streamed; the export is on record before its first row. */
  async csv(by: Requester, query: CoachingReportQuery): Promise<Readable> {
    const scope = this.scopeOf(query, requireTeamScope(by.principal, query.team));
    const { config } = await this.engineConfig.current();
    await this.recordExport(by, query, 'csv');
    return Readable.from(
      coachingCsv(
        config.scorecard.criteria.map((c) => c.key),
        this.repository.stream(scope),
      ),
    );
  }

  /** The report as a printable PDF, built from the same numbers as the page. */
  async pdf(by: Requester, query: CoachingReportQuery): Promise<Buffer> {
    const report = await this.report(by.principal, query);
    await this.recordExport(by, query, 'pdf');
    return coachingPdf(report);
  }

  async addNote(by: Requester, note: NewCoachingNote): Promise<CoachingNote> {
    const principal = by.principal;
    const created = await this.repository.addNote({
      agentId: note.agent,
      kind: note.kind,
      text: note.text,
      author: actorOf(principal),
      authorId: principal.kind === 'user' ? principal.user.id : null,
    });
    await this.audit.record('coaching.noteAdded', by, {
      target: `agent:${note.agent}`,
      details: { kind: note.kind, note: created.id },
    });
    return created;
  }

  notes(agent: string): Promise<CoachingNote[]> {
    return this.repository.notes(agent);
  }

  private async recordExport(by: Requester, query: CoachingReportQuery, format: 'csv' | 'pdf') {
    const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    await this.audit.record('export.created', by, {
      target: query.agent !== undefined ? `agent:${query.agent}` : `team:${query.team}`,
      details: { report: 'coaching', format, filters },
    });
  }

  private scopeOf(query: CoachingReportQuery, teams: readonly string[] | null): CoachingScope {
    try {
      return coachingScope(query, teams);
    } catch (error) {
      return rethrowAsHttp(error);
    }
  }
}
