import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { BackgroundRunRepository } from '../background-runs/background-run.repository';
import { createDataSource } from '../data-source';
import { ReportFileRepository } from './report-file.repository';
import { ReportSubscriptionRepository } from './report-subscription.repository';

/** A background report's file kept until it expires, and the subscriptions to the weekly report. */
describe('report files and subscriptions', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runs: BackgroundRunRepository;
  let files: ReportFileRepository;
  let subscriptions: ReportSubscriptionRepository;
  const params = {
    agent: 'a-1',
    from: '2026-11-01T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
    teams: null,
    requesterId: null,
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    runs = new BackgroundRunRepository(dataSource);
    files = new ReportFileRepository(dataSource);
    subscriptions = new ReportSubscriptionRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps a run’s file byte for byte until it expires, replaces it on a retry, and deletes it with the run', async () => {
    const run = await runs.create('coaching-report', params, 'trainer@example.com');
    const pdf = Buffer.from('%PDF-1.7 \u0000\u00ff binary');
    const expires = await files.store(
      { runId: run.id, fileName: 'a.pdf', contentType: 'application/pdf', content: pdf },
      24,
    );
    expect(expires.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const read = await files.read(run.id);
    expect(read).toMatchObject({ runId: run.id, fileName: 'a.pdf', contentType: 'application/pdf' });
    expect(read!.content.equals(pdf)).toBe(true);

    await files.store(
      { runId: run.id, fileName: 'b.pdf', contentType: 'application/pdf', content: Buffer.from('again') },
      1,
    );
    expect((await files.read(run.id))!.content.toString()).toBe('again');

    await dataSource.query(`DELETE FROM background_run WHERE id = $1`, [run.id]);
    expect(await files.read(run.id)).toBeNull();
  });

  it('never serves an expired file, and the retention sweep deletes the expired ones only', async () => {
    const [old, fresh, readLate] = await Promise.all(
      [1, 2, 3].map(() => runs.create('coaching-report', params, null)),
    );
    for (const run of [old!, fresh!, readLate!]) {
      await files.store(
        { runId: run.id, fileName: 'r.pdf', contentType: 'application/pdf', content: Buffer.from('x') },
        1,
      );
    }
    await dataSource.query(
      `UPDATE background_run_file SET expires_at = now() - interval '1 minute' WHERE run_id = ANY($1)`,
      [[old!.id, readLate!.id]],
    );
    // Read after its expiry: not served, and gone.
    expect(await files.read(readLate!.id)).toBeNull();
    expect(
      await dataSource.query(`SELECT 1 FROM background_run_file WHERE run_id = $1`, [readLate!.id]),
    ).toEqual([]);
    expect(await files.deleteExpired()).toBe(1);
    expect(await files.read(old!.id)).toBeNull();
    expect(await files.read(fresh!.id)).not.toBeNull();
  });

  it('keeps subscriptions with their scope, lists them within a reader’s teams, and deletes them', async () => {
    const everyTeam = await subscriptions.create({
      subject: { kind: 'agent', id: 'a-1' },
      recipients: ['lead@example.com'],
      teams: null,
      createdBy: 'admin@example.com',
      createdById: null,
    });
    const billing = await subscriptions.create({
      subject: { kind: 'team', id: 'billing' },
      recipients: ['a@example.com', 'b@example.com'],
      teams: ['billing', 'sales'],
      createdBy: 'trainer@example.com',
      createdById: null,
    });
    expect(billing).toMatchObject({
      subject: { kind: 'team', id: 'billing' },
      recipients: ['a@example.com', 'b@example.com'],
      teams: ['billing', 'sales'],
      lastSentAt: null,
    });
    expect((await subscriptions.list()).map((s) => s.id).sort()).toEqual([everyTeam.id, billing.id].sort());
    // A reader of billing sees the billing team's subscription, not one made over every team.
    expect((await subscriptions.list(['billing'])).map((s) => s.id)).toEqual([billing.id]);
    expect(await subscriptions.list(['support'])).toEqual([]);

    const sent = new Date('2026-12-07T06:00:00Z');
    await subscriptions.markSent(billing.id, sent);
    expect((await subscriptions.find(billing.id))!.lastSentAt).toEqual(sent);
    expect(await subscriptions.delete(billing.id)).toBe(true);
    expect(await subscriptions.delete(billing.id)).toBe(false);
    expect(await subscriptions.find(billing.id)).toBeNull();
  });

  it('sends each due subscription once when two processes send at the same time, and keeps a failed one due', async () => {
    await dataSource.query(`DELETE FROM report_subscription`);
    const make = (id: string) =>
      subscriptions.create({
        subject: { kind: 'agent', id },
        recipients: ['a@example.com'],
        teams: null,
        createdBy: 'trainer@example.com',
        createdById: null,
      });
    const [a, b, c] = [await make('a-1'), await make('a-2'), await make('a-3')];
    const since = new Date(Date.now() - 60_000);
    await subscriptions.markSent(c.id, new Date());
    // A second process: its own connections, the same table.
    const other = createDataSource({ url: db.url, poolSize: 2 });
    await other.initialize();
    try {
      const sent: string[] = [];
      const slowSend = async (s: { subject: { id: string } }) => {
        await new Promise((r) => setTimeout(r, 200));
        if (s.subject.id === 'a-2') throw new Error('SMTP refused');
        sent.push(s.subject.id);
      };
      const errors: string[] = [];
      const counts = await Promise.all([
        subscriptions.sendDue(since, slowSend, (s) => errors.push(s.subject.id)),
        new ReportSubscriptionRepository(other).sendDue(since, slowSend, (s) => errors.push(s.subject.id)),
      ]);
      // c was sent this week already; a went once; b failed (in one process or both) and is still due.
      expect(sent).toEqual(['a-1']);
      expect(counts.reduce((n, x) => n + x, 0)).toBe(1);
      expect(new Set(errors)).toEqual(new Set(['a-2']));
      expect((await subscriptions.find(a.id))!.lastSentAt).not.toBeNull();
      expect((await subscriptions.find(b.id))!.lastSentAt).toBeNull();
      expect(
        await subscriptions.sendDue(
          since,
          async () => {},
          () => {},
        ),
      ).toBe(1);
      expect(
        await subscriptions.sendDue(
          since,
          async () => {},
          () => {},
        ),
      ).toBe(0);
    } finally {
      await other.destroy();
    }
  });
});
