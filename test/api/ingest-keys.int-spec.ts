import { Client } from 'pg';
import type { AuditPage, CreatedIngestKey, IngestKeySummary } from '@vigil/contracts';
import { hashToken } from '@vigil/data';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

/**
 * Admins create ingest keys (seen once), limit them to a source, see when they were last used and
 * revoke them: a revoked key is refused on the very next request, on every API instance.
 */
describe('ingest keys', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    admin = await ApiClient.admin(stack.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  async function createKey(body: { name: string; source?: string }): Promise<CreatedIngestKey> {
    const res = await admin.post('/api/v1/ingest-keys', body);
    expect(res.status).toBe(201);
    return res.body as CreatedIngestKey;
  }
  const listKeys = async () => (await admin.get('/api/v1/ingest-keys')).body as IngestKeySummary[];
  const auditOf = async (action: string) =>
    ((await admin.get(`/api/v1/audit?action=${action}`)).body as AuditPage).entries;

  it('creates a key that posts conversations, and shows it only in the answer to its creation', async () => {
    const created = await createKey({ name: 'Zendesk production' });
    expect(created.key).toMatch(/^vk_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({
      name: 'Zendesk production',
      prefix: created.key.slice(0, 8),
      source: null,
      createdBy: 'admin@example.com',
      lastUsedAt: null,
      revokedAt: null,
    });

    const posted = await ApiClient.ingest(stack.url, created.key).post(
      '/api/v1/conversations',
      conversation(),
    );
    expect(posted.status).toBe(202);

    // Listed newest first (after the key of the first start), and never with the key itself.
    const listed = await admin.get('/api/v1/ingest-keys');
    expect(listed.status).toBe(200);
    const keys = listed.body as IngestKeySummary[];
    expect(keys.map((k) => k.name)).toEqual(['Zendesk production', 'initial ingest key']);
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    expect(keys[0]).not.toHaveProperty('key');

    // Nor is it stored: only its hash.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query(`SELECT * FROM api_key WHERE id = $1`, [created.id]);
      expect(rows[0].key_hash).toBe(hashToken(created.key));
      expect(JSON.stringify(rows)).not.toContain(created.key);
    } finally {
      await pg.end();
    }

    const [entry] = await auditOf('key.created');
    expect(entry).toMatchObject({
      actor: 'admin@example.com',
      target: `key:${created.id}`,
      details: { name: 'Zendesk production', prefix: created.prefix, source: null },
    });
    expect(entry!.ip).toBeTruthy();
  });

  it('records when a key was last used, writing it at most once a minute', async () => {
    const created = await createKey({ name: 'last use' });
    const ingest = ApiClient.ingest(stack.url, created.key);
    expect((await ingest.post('/api/v1/conversations', conversation())).status).toBe(202);
    const firstUse = await waitFor(
      'the last use to be recorded',
      async () => (await listKeys()).find((k) => k.id === created.id)?.lastUsedAt,
    );
    expect(Date.now() - Date.parse(firstUse)).toBeLessThan(30_000);

    // Used again within the minute: not written again (the hot path makes no write per request).
    await new Promise((r) => setTimeout(r, 50));
    expect((await ingest.post('/api/v1/conversations', conversation())).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect((await listKeys()).find((k) => k.id === created.id)?.lastUsedAt).toBe(firstUse);
  });

  it('lets a key limited to a source post only that source: 403 for one, a rejected item in a batch', async () => {
    const created = await createKey({ name: 'Intercom', source: ' intercom ' });
    expect(created.source).toBe('intercom');
    const ingest = ApiClient.ingest(stack.url, created.key);

    expect((await ingest.post('/api/v1/conversations', conversation({ source: 'intercom' }))).status).toBe(
      202,
    );
    const refused = await ingest.post('/api/v1/conversations', conversation({ source: 'zendesk' }));
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([
      { field: 'source', message: 'this ingest key may only post conversations of source "intercom"' },
    ]);
    // An invalid conversation is still a 400, whatever its source.
    expect((await ingest.post('/api/v1/conversations', { source: 'zendesk' })).status).toBe(400);

    const wrong = conversation({ source: 'zendesk' });
    const bulk = await ingest.post('/api/v1/conversations/bulk', [
      conversation({ source: 'intercom' }),
      wrong,
      conversation({ source: 'intercom' }),
    ]);
    expect(bulk.status).toBe(202);
    expect(bulk.body.accepted).toHaveLength(2);
    expect(bulk.body.rejected).toEqual([
      {
        index: 1,
        externalId: wrong.externalId,
        errors: [{ field: 'source', message: expect.stringContaining('"intercom"') }],
      },
    ]);

    // The same in NDJSON.
    const ndjson = [conversation({ source: 'zendesk' }), conversation({ source: 'intercom' })]
      .map((c) => JSON.stringify(c))
      .join('\n');
    const lines = await ingest.post('/api/v1/conversations/bulk', ndjson, 'application/x-ndjson');
    expect(lines.body.accepted).toHaveLength(1);
    expect(lines.body.rejected.map((r: { index: number }) => r.index)).toEqual([0]);

    // A key without a source posts any.
    expect(
      (await ApiClient.ingest(stack.url).post('/api/v1/conversations', conversation({ source: 'zendesk' })))
        .status,
    ).toBe(202);
  });

  it('refuses a revoked key on the very next request, though it was cached a moment before', async () => {
    const created = await createKey({ name: 'to revoke' });
    const ingest = ApiClient.ingest(stack.url, created.key);
    expect((await ingest.post('/api/v1/conversations', conversation())).status).toBe(202);

    const revoked = await admin.post(`/api/v1/ingest-keys/${created.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    expect((await ingest.post('/api/v1/conversations', conversation())).status).toBe(401);

    // Revoking again is the same answer, and one entry on the audit log.
    const again = await admin.post(`/api/v1/ingest-keys/${created.id}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const entries = (await auditOf('key.revoked')).filter((e) => e.target === `key:${created.id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'admin@example.com', details: { name: 'to revoke' } });

    // Still listed, marked revoked.
    expect((await listKeys()).find((k) => k.id === created.id)?.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('refuses a key revoked through another API instance at once, on this one too', async () => {
    const other = await startStack({ databaseUrl: db.url, queuePrefix: stack.env.VIGIL_QUEUE_PREFIX! });
    try {
      const created = await createKey({ name: 'two instances' });
      // Both instances have the key cached as valid.
      for (const url of [stack.url, other.url])
        expect(
          (await ApiClient.ingest(url, created.key).post('/api/v1/conversations', conversation())).status,
        ).toBe(202);

      const otherAdmin = await ApiClient.admin(other.url);
      expect((await otherAdmin.post(`/api/v1/ingest-keys/${created.id}/revoke`)).status).toBe(200);
      expect(
        (await ApiClient.ingest(stack.url, created.key).post('/api/v1/conversations', conversation())).status,
      ).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('validates what is posted and names the field; an unknown key is a 404', async () => {
    const res = await admin.post('/api/v1/ingest-keys', { name: ' ', source: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      '(body)',
      'name',
      'source',
    ]);
    // Text Postgres cannot store is a 400 too, not a failed INSERT.
    const nul = await admin.post('/api/v1/ingest-keys', { name: 'a\u0000b', source: 'x\ud800' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'source']);
    expect((await admin.post('/api/v1/ingest-keys/not-a-uuid/revoke')).status).toBe(400);
    expect((await admin.post('/api/v1/ingest-keys/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(
      404,
    );
  });

  it('is for admins only', async () => {
    const someKey = (await listKeys())[0]!;
    for (const role of ['manager', 'compliance', 'trainer'] as const) {
      const user = await signInAs(stack.url, db.url, role);
      expect((await user.get('/api/v1/ingest-keys')).status).toBe(403);
      expect((await user.post('/api/v1/ingest-keys', { name: 'mine' })).status).toBe(403);
      expect((await user.post(`/api/v1/ingest-keys/${someKey.id}/revoke`)).status).toBe(403);
    }
    const ingest = ApiClient.ingest(stack.url);
    expect((await ingest.get('/api/v1/ingest-keys')).status).toBe(403);
    expect((await ingest.post('/api/v1/ingest-keys', { name: 'mine' })).status).toBe(403);
    expect((await new ApiClient(stack.url).get('/api/v1/ingest-keys')).status).toBe(401);
    expect((await listKeys()).some((k) => k.name === 'mine')).toBe(false);
  });
});
