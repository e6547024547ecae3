import { Readable } from 'node:stream';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  QueueName,
  type CoachingNote,
  type CoachingReport,
  type CoachingReportQuery,
  type CoachingReportRun,
  type NewCoachingNote,
} from '@vigil/contracts';
import {
  CoachingReportBuilder,
  CoachingRepository,
  ConversationRepository,
  MetricsQueryError,
  ReportFileRepository,
  coachingPdf,
  coachingScope,
  type BackgroundRun,
  type CoachingScope,
  type RunFile,
  type VigilConfig,
} from '@vigil/data';
import { BackgroundRunsService } from '../../common/background-runs.service.js';
import { CONFIG } from '../../common/tokens.js';
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

/** A background report as the API shows it; its file's URL only while the file is there. */
function toRun(r: BackgroundRun<'coaching-report'>): CoachingReportRun {
  const { agent, team, from, to } = r.params;
  const expiresAt = r.result.expiresAt ?? null;
  const ready = r.status === 'done' && expiresAt !== null && Date.parse(expiresAt) > Date.now();
  return {
    id: r.id,
    status: r.status,
    query: { ...(agent !== undefined ? { agent } : { team }), from, to },
    progress: r.status === 'done' ? 1 : r.total > 0 ? Math.min(1, r.done / r.total) : 0,
    conversations: r.result.conversations ?? null,
    fileName: r.result.fileName ?? null,
    fileUrl: ready ? `/api/v1/reports/runs/${r.id}/file` : null,
    expiresAt,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** A PDF: the file itself when it was built at once, else the background run building it. */
export type CoachingPdf = { file: Buffer } | { run: CoachingReportRun };

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
    private readonly runs: BackgroundRunsService,
    private readonly files: ReportFileRepository,
    @Inject(CONFIG) private readonly config: VigilConfig,
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

  /**
   * The report as a printable PDF, built from the same numbers as the page: at once, or — more
   * conversations in scope than VIGIL_REPORT_BACKGROUND_THRESHOLD — by the workers, as a run to
   * poll. Either way the export is on record when it is asked for.
   */
  async pdf(by: Requester, query: CoachingReportQuery): Promise<CoachingPdf> {
    const principal = by.principal;
    const teams = requireTeamScope(principal, query.team);
    const conversations = await this.repository.count(this.scopeOf(query, teams));
    if (conversations > this.config.reports.backgroundThreshold) {
      const run = await this.runs.start(
        'coaching-report',
        QueueName.CoachingReport,
        {
          ...query,
          teams: teams && [...teams],
          requesterId: principal.kind === 'user' ? principal.user.id : null,
        },
        actorOf(principal),
      );
      await this.recordExport(by, query, 'pdf', { run: run.id, conversations });
      return { run: toRun(run) };
    }
    const report = await this.builder.build(query, teams).catch(rethrowAsHttp);
    await this.recordExport(by, query, 'pdf');
    return { file: await coachingPdf(report) };
  }

  /** A background report run, for its requester or an admin (anyone else: 404, as if there were none). */
  async run(principal: Principal, id: string): Promise<CoachingReportRun> {
    return toRun(await this.ownRun(principal, id));
  }

  /** A background report's file while it has not expired (VIGIL_REPORT_FILE_HOURS). */
  async file(principal: Principal, id: string): Promise<RunFile> {
    await this.ownRun(principal, id);
    const file = await this.files.read(id);
    if (!file) throw new NotFoundException('The report is not ready, or its file has expired');
    return file;
  }

  private async ownRun(principal: Principal, id: string): Promise<BackgroundRun<'coaching-report'>> {
    const run = await this.runs.find('coaching-report', id);
    const mine =
      principal.kind === 'user' &&
      (principal.role === 'admin' || run?.params.requesterId === principal.user.id);
    if (!run || !mine) throw new NotFoundException(`No report run ${id}`);
    return run;
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

  /** `background`: the run a large PDF is built by, and the conversations it covers. */
  private async recordExport(
    by: Requester,
    query: CoachingReportQuery,
    format: 'csv' | 'pdf',
    background?: { run: string; conversations: number },
  ) {
    const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    await this.audit.record('export.created', by, {
      target: query.agent !== undefined ? `agent:${query.agent}` : `team:${query.team}`,
      details: { report: 'coaching', format, filters, ...background },
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
