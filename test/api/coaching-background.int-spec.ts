import { Client } from 'pg';
import type {
  AuditPage,
  CoachingReportRun,
  ConversationInput,
  ReportSubscriptionView,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { inspectPdf } from '../support/pdf';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { runProcess, startStack, waitFor, type RunningProcess, type Stack } from '../support/stack';
import { addUser, signIn, signInAs } from '../support/users';

const AGENT = 'a-big';
const SMALL = 'a-small';
const DAY = 86_400_000;

/** Monday 00:00 UTC of this week: a weekly report covers the seven days before it. */
function thisMonday(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
}

async function pdfOf(res: globalThis.Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Large coaching PDFs built by the workers (202, a run to poll, its file until it expires) and
 * weekly reports by e-mail, against real Postgres, Redis, two workers processes and an SMTP server.
 */
describe('coaching reports in the background and by e-mail', () => {
  let db: TestDatabase;
  let stack: Stack;
  let second: RunningProcess;
  let smtp: SmtpReceiver;
  let admin: ApiClient;
  let trainer: ApiClient;
  let pg: Client;
  // Last week: what a weekly report sent this week covers, and what the exports below ask for.
  const ended = new Date(thisMonday() - 3 * DAY + 10 * 3_600_000);
  const from = new Date(thisMonday() - 7 * DAY).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const query = (subject: string) => `${subject}&from=${from}&to=${to}`;

  function handled(agentId: string, name: string): ConversationInput {
    return conversation({
      team: 'coaching',
      startedAt: new Date(ended.getTime() - 10 * 60_000).toISOString(),
      endedAt: ended.toISOString(),
      agents: [{ id: agentId, name, kind: 'human' }],
      messages: [
        { role: 'customer', text: 'I was charged twice and nobody answers! This is terrible.' },
        {
          role: 'agent',
          authorId: agentId,
          text: 'Hello, thank you for contacting us! I am sorry about that, let me check.',
        },
        { role: 'customer', text: 'Thank you, that is great.' },
      ],
    });
  }

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: {
        // More than two conversations in scope: built in the background.
        VIGIL_REPORT_BACKGROUND_THRESHOLD: '2',
        VIGIL_REPORT_FILE_HOURS: '2',
        VIGIL_REPORT_SCHEDULE_EVERY_SECONDS: '1',
        VIGIL_SMTP_URL: smtp.url,
      },
    });
    // A second workers process: a weekly report must still go once.
    second = runProcess('apps/workers/dist/main.js', stack.env);
    admin = await ApiClient.admin(stack.url);
    trainer = await signInAs(stack.url, db.url, 'trainer');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const batch = [
      handled(AGENT, 'Big Agent'),
      handled(AGENT, 'Big Agent'),
      handled(AGENT, 'Big Agent'),
      handled(SMALL, 'Small Agent'),
    ];
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations/bulk', batch);
    expect(posted.status).toBe(202);
    await waitFor('the conversations to be scored', async () => {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM conversation WHERE status = 'scored'`);
      return rows[0].n === batch.length;
    });
  });
  afterAll(async () => {
    await pg?.end();
    await second?.stop();
    await stack?.stop();
    await db?.drop();
    await smtp?.close();
  });

  it('serves a report at or under the threshold at once', async () => {
    const res = await fetch(`${stack.url}/api/v1/reports/coaching.pdf?${query(`agent=${SMALL}`)}`, {
      headers: { cookie: trainer.cookieHeader },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await pdfOf(res)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('builds a larger one in the background: 202 with a run to poll, then the file, for its requester only', async () => {
    const res = await trainer.get(`/api/v1/reports/coaching.pdf?${query(`agent=${AGENT}`)}`);
    expect(res.status).toBe(202);
    const run = res.body as CoachingReportRun;
    expect(res.headers.get('location')).toBe(`/api/v1/reports/runs/${run.id}`);
    expect(run).toMatchObject({ status: 'queued', progress: 0, fileUrl: null, query: { agent: AGENT } });

    const done = await waitFor('the report to be built', async () => {
      const polled = (await trainer.get(`/api/v1/reports/runs/${run.id}`)).body as CoachingReportRun;
      expect(polled.progress).toBeGreaterThanOrEqual(0);
      expect(polled.progress).toBeLessThanOrEqual(1);
      return polled.status === 'done' && polled;
    });
    expect(done).toMatchObject({
      progress: 1,
      conversations: 3,
      fileUrl: `/api/v1/reports/runs/${run.id}/file`,
    });
    const hoursLeft = (Date.parse(done.expiresAt!) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(1.9);
    expect(hoursLeft).toBeLessThanOrEqual(2);

    const file = await fetch(`${stack.url}${done.fileUrl}`, { headers: { cookie: trainer.cookieHeader } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(
      /attachment; filename="vigil-coaching-a-big-.*\.pdf"/,
    );
    const { pages, title } = await inspectPdf(await pdfOf(file));
    expect(title).toBe('Coaching report: Big Agent');
    expect(pages[0]!.replace(/\s+/g, ' ')).toContain('Conversations 3');

    // Another trainer (and a manager) may not see it; an admin may.
    const other = await signInAs(stack.url, db.url, 'trainer');
    expect((await other.get(`/api/v1/reports/runs/${run.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/reports/runs/${run.id}/file`)).status).toBe(404);
    const manager = await signInAs(stack.url, db.url, 'manager');
    expect((await manager.get(`/api/v1/reports/runs/${run.id}/file`)).status).toBe(404);
    expect((await admin.get(`/api/v1/reports/runs/${run.id}`)).status).toBe(200);
    const compliance = await signInAs(stack.url, db.url, 'compliance');
    expect((await compliance.get(`/api/v1/reports/runs/${run.id}`)).status).toBe(403);

    // Audited when asked for, like the synchronous export, naming the run.
    const audit = (await admin.get('/api/v1/audit?action=export.created')).body as AuditPage;
    expect(audit.entries.find((e) => e.target === `agent:${AGENT}`)?.details).toMatchObject({
      report: 'coaching',
      format: 'pdf',
      run: run.id,
      conversations: 3,
    });

    // Once expired, the file is gone and the run no longer offers it.
    await pg.query(
      `UPDATE background_run_file SET expires_at = now() - interval '1 second' WHERE run_id = $1`,
      [run.id],
    );
    expect((await trainer.get(`/api/v1/reports/runs/${run.id}/file`)).status).toBe(404);
    await pg.query(
      `UPDATE background_run SET result = result || '{"expiresAt":"2000-01-01T00:00:00.000Z"}' WHERE id = $1`,
      [run.id],
    );
    expect(
      ((await trainer.get(`/api/v1/reports/runs/${run.id}`)).body as CoachingReportRun).fileUrl,
    ).toBeNull();
  });

  it('keeps a limited trainer to their teams in the background too', async () => {
    const { email } = await addUser(admin, 'trainer', { teams: ['elsewhere'] });
    const limited = await signIn(stack.url, email);
    const team = await limited.get(`/api/v1/reports/coaching.pdf?${query('team=coaching')}`);
    expect(team.status).toBe(403);
    // An agent of another team: nothing of theirs in scope, so it is small and served at once.
    const agent = await fetch(`${stack.url}/api/v1/reports/coaching.pdf?${query(`agent=${AGENT}`)}`, {
      headers: { cookie: limited.cookieHeader },
    });
    expect(agent.status).toBe(200);
    const { pages } = await inspectPdf(await pdfOf(agent));
    expect(pages[0]!.replace(/\s+/g, ' ')).toContain('Conversations 0');
  });

  it('validates subscriptions: e-mail addresses, how many, one subject, the team scope and the role', async () => {
    const bad = await trainer.post('/api/v1/reports/subscriptions', {
      agent: AGENT,
      recipients: ['coach@example.com', 'not an address'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('recipients.1');
    const many = await trainer.post('/api/v1/reports/subscriptions', {
      agent: AGENT,
      recipients: Array.from({ length: 21 }, (_, i) => `r${i}@example.com`),
    });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe('recipients');
    const both = await trainer.post('/api/v1/reports/subscriptions', {
      agent: AGENT,
      team: 'coaching',
      recipients: ['coach@example.com'],
    });
    expect(both.body.errors).toEqual([{ field: 'agent', message: 'name exactly one of agent or team' }]);

    const { email } = await addUser(admin, 'trainer', { teams: ['elsewhere'] });
    const limited = await signIn(stack.url, email);
    const notTheirs = await limited.post('/api/v1/reports/subscriptions', {
      team: 'coaching',
      recipients: ['coach@example.com'],
    });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.errors[0].field).toBe('team');
    const compliance = await signInAs(stack.url, db.url, 'compliance');
    expect(
      (
        await compliance.post('/api/v1/reports/subscriptions', {
          agent: AGENT,
          recipients: ['a@example.com'],
        })
      ).status,
    ).toBe(403);
    expect((await pg.query(`SELECT count(*)::int AS n FROM report_subscription`)).rows[0].n).toBe(0);
  });

  it("e-mails last week's PDF to each subscription once, even with two workers processes, until removed", async () => {
    const created = await trainer.post('/api/v1/reports/subscriptions', {
      agent: AGENT,
      recipients: ['coach@example.com', 'Lead@Example.com', 'coach@example.com'],
    });
    expect(created.status).toBe(201);
    const subscription = created.body as ReportSubscriptionView;
    expect(subscription).toMatchObject({
      subject: { kind: 'agent', id: AGENT },
      recipients: ['coach@example.com', 'lead@example.com'],
      lastSentAt: null,
    });
    const team = await trainer.post('/api/v1/reports/subscriptions', {
      team: 'coaching',
      recipients: ['head@example.com'],
    });
    expect(team.status).toBe(201);

    const mails = await smtp.waitForMessages(2, 30_000);
    const mail = mails.find((m) => m.subject?.includes('Big Agent'))!;
    expect(mail.subject).toMatch(
      /^Weekly coaching report: Big Agent \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)$/,
    );
    const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
    expect(to.flatMap((a) => a.value.map((v) => v.address)).sort()).toEqual([
      'coach@example.com',
      'lead@example.com',
    ]);
    expect(mail.text).toContain('3 conversations');
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.filename).toMatch(/^vigil-coaching-a-big-.*\.pdf$/);
    const { pages, title } = await inspectPdf(attachment.content);
    expect(title).toBe('Coaching report: Big Agent');
    expect(pages[0]!.replace(/\s+/g, ' ')).toContain('Conversations 3');

    // Several more checks by two processes: still one mail per subscription this week.
    await new Promise((r) => setTimeout(r, 5000));
    expect(smtp.messages.filter((m) => m.subject?.includes('Big Agent'))).toHaveLength(1);
    expect(smtp.messages).toHaveLength(2);
    const listed = (await trainer.get('/api/v1/reports/subscriptions')).body as ReportSubscriptionView[];
    expect(listed.map((s) => s.id).sort()).toEqual(
      [subscription.id, (team.body as ReportSubscriptionView).id].sort(),
    );
    expect(listed.every((s) => s.lastSentAt !== null)).toBe(true);

    // A trainer limited to another team neither sees nor removes them.
    const { email } = await addUser(admin, 'trainer', { teams: ['elsewhere'] });
    const limited = await signIn(stack.url, email);
    expect((await limited.get('/api/v1/reports/subscriptions')).body).toEqual([]);
    expect((await limited.delete(`/api/v1/reports/subscriptions/${subscription.id}`)).status).toBe(404);

    expect((await trainer.delete(`/api/v1/reports/subscriptions/${subscription.id}`)).status).toBe(204);
    expect(
      ((await trainer.get('/api/v1/reports/subscriptions')).body as ReportSubscriptionView[]).map(
        (s) => s.id,
      ),
    ).toEqual([(team.body as ReportSubscriptionView).id]);
    const audit = (await admin.get('/api/v1/audit?action=report.unsubscribed')).body as AuditPage;
    expect(audit.entries[0]).toMatchObject({ target: `report-subscription:${subscription.id}` });
    const subscribed = (await admin.get('/api/v1/audit?action=report.subscribed')).body as AuditPage;
    expect(subscribed.entries).toHaveLength(2);
  });
});
