import { Client } from 'pg';
import type { AuditEntry, AuditPage, EngineConfigVersion } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_ADMIN, startStack, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

/**
 * The audit log: settings changes and background runs are on it; admins and compliance officers
 * read it with filters and pages and export it as CSV (the export on record too); nobody, not even
 * the app's own database role, can change or remove an entry.
 */
describe('audit log', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    admin = await ApiClient.admin(stack.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  const page = async (query: string) => {
    const res = await admin.get(`/api/v1/audit${query}`);
    expect(res.status).toBe(200);
    return res.body as AuditPage;
  };

  it('records every settings change with what changed and the new version, and runs started', async () => {
    const { config } = (await admin.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    const scorecard = await admin.put('/api/v1/settings/engine-config/scorecard', {
      scorecard: { criteria: config.scorecard.criteria.slice(0, 2) },
      note: 'two criteria',
    });
    expect(scorecard.status).toBe(200);
    const topics = await admin.put('/api/v1/settings/engine-config/topics', { topics: config.topics });
    expect(topics.status).toBe(200);
    expect((await admin.post('/api/v1/settings/engine-config/versions/1/restore')).status).toBe(201);
    const exported = (await admin.get('/api/v1/settings/engine-config/export')).body;
    expect((await admin.post('/api/v1/settings/engine-config/import', exported)).status).toBe(201);

    const to = new Date();
    const from = new Date(to.getTime() - 3_600_000);
    const rescore = await admin.post('/api/v1/settings/rescore', {
      from: from.toISOString(),
      to: to.toISOString(),
    });
    expect(rescore.status).toBe(202);
    const discovery = await admin.post('/api/v1/settings/topic-discovery', { days: 3 });
    expect(discovery.status).toBe(202);

    const changes = (await page('?action=settings.changed')).entries;
    expect(changes.map((e) => [e.target, e.details.setting, e.details.version, e.details.note])).toEqual([
      ['engine-config:5', 'topics, scorecard and policies', 5, 'imported'],
      ['engine-config:4', 'topics, scorecard and policies', 4, 'restored version 1'],
      ['engine-config:3', 'topics', 3, null],
      ['engine-config:2', 'scorecard', 2, 'two criteria'],
    ]);
    for (const e of changes) {
      expect(e).toMatchObject({ actor: TEST_ADMIN.email, actorId: expect.any(String) });
      expect(e.ip).toBeTruthy();
    }

    const [rescored] = (await page('?action=rescore.started')).entries;
    expect(rescored).toMatchObject({
      target: `rescore:${rescore.body.id}`,
      details: { from: from.toISOString(), to: to.toISOString() },
    });
    const [discovered] = (await page('?action=discovery.started')).entries;
    expect(discovered).toMatchObject({ target: `topic-discovery:${discovery.body.id}` });
  });

  it('filters by action or area, actor, target and period, and says which filter is wrong', async () => {
    expect((await page('?action=settings.')).entries).toHaveLength(4);
    expect((await page('?action=rescore.')).entries.map((e) => e.action)).toEqual(['rescore.started']);
    expect((await page('?actor=ADMIN@EXAMPLE')).entries.length).toBe((await page('')).entries.length);
    expect((await page('?actor=nobody')).entries).toEqual([]);
    expect((await page('?target=engine-config:')).entries).toHaveLength(4);
    expect((await page('?target=engine-config:3')).entries.map((e) => e.details.version)).toEqual([3]);

    const all = (await page('')).entries;
    const middle = all[3]!;
    const since = await page(`?from=${encodeURIComponent(middle.at)}`);
    expect(since.entries.every((e) => e.at >= middle.at)).toBe(true);
    expect(since.entries.map((e) => e.id)).toContain(middle.id);
    const until = await page(`?to=${encodeURIComponent(middle.at)}`);
    expect(until.entries.every((e) => e.at < middle.at)).toBe(true);

    for (const [query, field] of [
      ['action=settings.deleted', 'query.action'],
      ['action=nope.', 'query.action'],
      ['from=yesterday', 'query.from'],
      ['from=0000-01-01T00:00:00Z', 'query.from'],
      ['to=%2B275760-09-13T00:00:00Z', 'query.to'],
      ['to=1899-12-31T23:00:00Z', 'query.to'],
      ['from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'query.to'],
      ['limit=501', 'query.limit'],
      ['before=abc', 'query.before'],
      ['sort=asc', 'query'],
      ['actor=a%00b', 'query.actor'],
    ]) {
      const res = await admin.get(`/api/v1/audit?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it('pages newest first by a cursor that holds while entries are added', async () => {
    // Past id 10 and 100, where ids compared as text would go wrong.
    await pg.query(
      `INSERT INTO audit_log (actor, action) SELECT 'system', 'settings.changed' FROM generate_series(1, 100)`,
    );
    const all = (await page('?limit=500')).entries;
    expect(all.length).toBeGreaterThan(100);
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const seen: AuditEntry[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const p: AuditPage = await page(`?limit=20${next ? `&before=${next}` : ''}`);
      expect(p.entries.length).toBeLessThanOrEqual(20);
      seen.push(...p.entries);
      next = p.next;
      pages += 1;
      // Something new on the log meanwhile does not shift the pages.
      if (pages === 1)
        await pg.query(`INSERT INTO audit_log (actor, action) VALUES ('system', 'settings.changed')`);
    } while (next);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(pages).toBe(Math.ceil(all.length / 20));
  });

  it('exports the filtered log as CSV, quoting and neutralising formulas, and records the export', async () => {
    await pg.query(
      `INSERT INTO audit_log (actor, action, target, ip, details) VALUES ($1, 'auth.signInFailed', $2, $3, $4)`,
      ['=HYPERLINK("http://evil.example","click")', '+1 555', '@evil', JSON.stringify({ note: 'a, "b"' })],
    );
    const res = await fetch(`${stack.url}/api/v1/audit.csv?action=auth.signInFailed`, {
      headers: { cookie: admin.cookieHeader },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="vigil-audit-.+\.csv"$/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('"id","at","actor","action","target","ip","details"');
    expect(lines).toHaveLength(3); // header, the one entry, and the end of the last line
    expect(lines[2]).toBe('');
    const cells = lines[1]!.match(/"(?:[^"]|"")*"/g)!;
    expect(cells.slice(2)).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
      '"auth.signInFailed"',
      `"'+1 555"`,
      `"'@evil"`,
      '"{""note"":""a, \\""b\\""""}"',
    ]);

    const [exported] = (await page('?action=export.created')).entries;
    expect(exported).toMatchObject({
      actor: TEST_ADMIN.email,
      target: 'audit-log',
      details: { format: 'csv', filters: { action: 'auth.signInFailed' } },
    });

    // The whole log, beyond one page of the list.
    const whole = await fetch(`${stack.url}/api/v1/audit.csv`, { headers: { cookie: admin.cookieHeader } });
    const rows = (await whole.text()).trim().split('\r\n');
    expect(rows.length - 1).toBe(Number((await pg.query(`SELECT count(*) FROM audit_log`)).rows[0].count));
    expect((await admin.get('/api/v1/audit.csv?limit=5')).status).toBe(400);
  });

  it('is read by admins and compliance officers only', async () => {
    const compliance = await signInAs(stack.url, db.url, 'compliance');
    expect((await compliance.get('/api/v1/audit')).status).toBe(200);
    expect((await compliance.get('/api/v1/audit.csv')).status).toBe(200);
    for (const role of ['manager', 'trainer'] as const) {
      const user = await signInAs(stack.url, db.url, role);
      expect((await user.get('/api/v1/audit')).status).toBe(403);
      expect((await user.get('/api/v1/audit.csv')).status).toBe(403);
    }
    expect((await ApiClient.ingest(stack.url).get('/api/v1/audit')).status).toBe(403);
    expect((await new ApiClient(stack.url).get('/api/v1/audit')).status).toBe(401);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log, even straight through the database', async () => {
    const before = Number((await pg.query(`SELECT count(*) FROM audit_log`)).rows[0].count);
    await expect(pg.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const after = await pg.query(
      `SELECT count(*), count(*) FILTER (WHERE actor = 'someone else') AS changed FROM audit_log`,
    );
    expect(Number(after.rows[0].count)).toBe(before);
    expect(Number(after.rows[0].changed)).toBe(0);
  });
});
