import type { CoachingReportQuery } from '@vigil/contracts';
import {
  coachingFileName,
  coachingPdf,
  type BackgroundRunRepository,
  type CoachingReportBuilder,
  type ReportFileRepository,
  type ReportSubscription,
  type ReportSubscriptionRepository,
} from '@vigil/data';
import type { Mailer } from '../delivery/mailer';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Steps of a background report, for its progress: the report's numbers, the PDF, the stored file. */
const STEPS = 3;

/** Monday 00:00 UTC of the week `now` falls in: weekly reports cover the whole week before it. */
export function weekStart(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY);
}

/**
 * Coaching reports the workers build: a PDF too large for the request that asked for it (a
 * background run, its file kept for `fileHours`), and the weekly reports subscribers get by e-mail.
 * The numbers come from the same CoachingReportBuilder the API uses.
 */
export class CoachingReportsService {
  constructor(
    private readonly builder: CoachingReportBuilder,
    private readonly runs: BackgroundRunRepository,
    private readonly files: ReportFileRepository,
    private readonly subscriptions: ReportSubscriptionRepository,
    private readonly mailer: Mailer | null,
    private readonly settings: { fileHours: number },
  ) {}

  /** Builds a run's PDF and stores it; a retry builds it again and replaces the file. */
  async build(runId: string): Promise<void> {
    const run = await this.runs.find('coaching-report', runId);
    if (!run) throw new Error(`coaching report run ${runId} not found`);
    if (run.status === 'done') return;
    const { teams, agent, team, from, to } = run.params;
    const query: CoachingReportQuery = { ...(agent !== undefined ? { agent } : { team }), from, to };
    await this.runs.start<'coaching-report'>(runId, { total: STEPS });
    const report = await this.builder.build(query, teams);
    await this.runs.progress(runId, 1);
    const content = await coachingPdf(report);
    await this.runs.progress(runId, 2);
    const fileName = coachingFileName(query, 'pdf');
    const expiresAt = await this.files.store(
      { runId, fileName, contentType: 'application/pdf', content },
      this.settings.fileHours,
    );
    await this.runs.finish(runId, {
      done: STEPS,
      result: { conversations: report.conversations, fileName, expiresAt: expiresAt.toISOString() },
    });
  }

  fail(runId: string, error: string): Promise<void> {
    return this.runs.fail(runId, error);
  }

  /**
   * E-mails last week's report to each subscription not sent this week yet. Without SMTP
   * configured nothing is sent (and nothing marked sent). Returns how many were sent.
   */
  async sendDue(now = new Date()): Promise<number> {
    if (!this.mailer) return 0;
    const since = weekStart(now);
    return this.subscriptions.sendDue(
      since,
      (subscription) => this.send(subscription, since),
      (subscription, error) =>
        console.error(
          `[scheduled-reports] subscription ${subscription.id}: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  }

  private async send(subscription: ReportSubscription, weekEnd: Date): Promise<void> {
    const { kind, id } = subscription.subject;
    const query: CoachingReportQuery = {
      [kind]: id,
      from: new Date(weekEnd.getTime() - WEEK).toISOString(),
      to: weekEnd.toISOString(),
    };
    // The scope its creator had when subscribing: a report never shows more than they could read.
    const report = await this.builder.build(query, subscription.teams);
    const content = await coachingPdf(report);
    const lastDay = new Date(weekEnd.getTime() - DAY).toISOString().slice(0, 10);
    const period = `${query.from.slice(0, 10)} to ${lastDay}`;
    const qa = report.qaScore === null ? 'no QA score' : `QA score ${report.qaScore.toFixed(1)}`;
    await this.mailer!.send({
      to: subscription.recipients,
      // The name comes from an integration: kept to one line in the header.
      subject: `Weekly coaching report: ${report.subject.name.replace(/\p{Cc}+/gu, ' ')} (${period})`,
      text: [
        `The coaching report for ${report.subject.kind} ${report.subject.name}, ${period}, is attached.`,
        `${report.conversations} conversations, ${qa}.`,
        '',
        `Subscribed by ${subscription.createdBy}. Sent by Vigil.`,
      ].join('\n'),
      attachments: [{ filename: coachingFileName(query, 'pdf'), content, contentType: 'application/pdf' }],
    });
  }
}
