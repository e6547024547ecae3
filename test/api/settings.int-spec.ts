import type { EngineConfigVersion, RescoreRun } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

const PARCEL_TAXONOMY = {
  taxonomy: {
    topics: [
      {
        key: 'parcel-lost',
        label: 'Parcel lost',
        examples: ['my parcel never arrived', 'the package got lost in delivery'],
        keywords: ['parcel', 'package'],
      },
    ],
  },
};

/** Admins change the taxonomy and scorecard as versions, and rescore a period with the new one. */
describe('engine configuration and rescoring', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const topicsOf = async (id: string) =>
    (await admin.get(`/api/v1/conversations/${id}`)).body.scores.topics.result as {
      taxonomyVersion: string;
      topics: Array<{ key: string }>;
    };

  it('starts from the shipped defaults as version 1', async () => {
    const res = await admin.get('/api/v1/settings/engine-config');
    expect(res.status).toBe(200);
    const current = res.body as EngineConfigVersion;
    expect(current.version).toBe(1);
    expect(current.config.topics.taxonomy.topics.length).toBeGreaterThan(5);
    expect(current.config.scorecard.criteria.length).toBeGreaterThan(5);
  });

  it('lets trainers change the scorecard but not the taxonomy, and managers neither', async () => {
    const trainer = await signInAs(stack.url, db.url, 'trainer');
    const { config } = (await trainer.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(
      (await trainer.put('/api/v1/settings/engine-config/topics', { topics: PARCEL_TAXONOMY })).status,
    ).toBe(403);
    const scorecard = { criteria: config.scorecard.criteria.slice(0, 3) };
    const saved = await trainer.put('/api/v1/settings/engine-config/scorecard', {
      scorecard,
      note: 'three criteria',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.config.scorecard.criteria).toHaveLength(3);
    expect(saved.body.config.topics.taxonomy.topics).toEqual(config.topics.taxonomy.topics); // the other half is kept

    const manager = await signInAs(stack.url, db.url, 'manager');
    expect((await manager.get('/api/v1/settings/engine-config')).status).toBe(403);
  });

  it('names what is wrong in a bad taxonomy', async () => {
    const duplicate = {
      taxonomy: { topics: [PARCEL_TAXONOMY.taxonomy.topics[0], PARCEL_TAXONOMY.taxonomy.topics[0]] },
    };
    const res = await admin.put('/api/v1/settings/engine-config/topics', { topics: duplicate });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'topics.taxonomy.topics', message: 'topic keys must be unique' },
    ]);
  });

  it('scores new conversations with a new taxonomy and rescores a period with it', async () => {
    const text = 'My parcel never arrived and nobody tells me where the package is.';
    const before = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ messages: [{ role: 'customer', text }] }),
    );
    await waitFor(
      'scored',
      async () => (await admin.get(`/api/v1/conversations/${before.body.id}`)).body.status === 'scored',
    );
    const old = await topicsOf(before.body.id);
    expect(old.topics.map((t) => t.key)).not.toContain('parcel-lost');

    const saved = await admin.put('/api/v1/settings/engine-config/topics', {
      topics: PARCEL_TAXONOMY,
      note: 'parcels',
    });
    expect(saved.status).toBe(200);
    const version = String(saved.body.version);

    const after = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ messages: [{ role: 'customer', text }] }),
    );
    await waitFor(
      'scored with the new taxonomy',
      async () => (await admin.get(`/api/v1/conversations/${after.body.id}`)).body.status === 'scored',
      20_000,
    );
    // Workers pick a new version up within a few seconds; this conversation may predate that.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const started = await admin.post('/api/v1/settings/rescore', { from, to });
    expect(started.status).toBe(202);
    const run = await waitFor('the rescore to finish', async () => {
      const r = (await admin.get(`/api/v1/settings/rescore/${started.body.id}`)).body as RescoreRun;
      return r.status === 'done' && r;
    });
    expect(run).toMatchObject({ total: 2, done: 2, configVersion: Number(version) });

    for (const id of [before.body.id, after.body.id]) {
      const rescored = await topicsOf(id);
      expect(rescored.taxonomyVersion).toBe(version);
      expect(rescored.topics.map((t) => t.key)).toEqual(['parcel-lost']);
    }
    // Rescoring moves no conversation counts in the rollups.
    const overview = (await admin.get(`/api/v1/metrics/overview?from=${from}&to=${to}`)).body;
    expect(overview.totals.conversations).toBe(2);
  });

  it('exports the configuration as one document and imports it as a new version', async () => {
    const exported = (await admin.get('/api/v1/settings/engine-config/export')).body;
    const imported = await admin.post('/api/v1/settings/engine-config/import', exported);
    expect(imported.status).toBe(201);
    expect(imported.body.version).toBe(exported.version + 1);
    expect(imported.body.config.topics.taxonomy.topics).toEqual(exported.topics.taxonomy.topics);
    const history = (await admin.get('/api/v1/settings/engine-config/versions')).body;
    expect(history[0]).toMatchObject({ version: imported.body.version, note: 'imported' });
  });

  it('shows an earlier version and restores it as a new one', async () => {
    const first = await admin.get('/api/v1/settings/engine-config/versions/1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, note: 'shipped defaults', createdBy: null });
    const latest = (await admin.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(latest.version).toBeGreaterThan(1);

    const trainer = await signInAs(stack.url, db.url, 'trainer');
    expect((await trainer.get('/api/v1/settings/engine-config/versions/1')).status).toBe(200);
    // Restoring replaces the taxonomy too, so it is for admins.
    expect((await trainer.post('/api/v1/settings/engine-config/versions/1/restore', {})).status).toBe(403);

    const restored = await admin.post('/api/v1/settings/engine-config/versions/1/restore', {});
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ version: latest.version + 1, note: 'restored version 1' });
    expect(restored.body.config.topics.taxonomy.topics).toEqual(first.body.config.topics.taxonomy.topics);
    expect(restored.body.config.scorecard.criteria).toEqual(first.body.config.scorecard.criteria);

    expect((await admin.get('/api/v1/settings/engine-config/versions/999')).status).toBe(404);
    expect((await admin.get('/api/v1/settings/engine-config/versions/99999999999')).status).toBe(404);
    expect((await admin.get('/api/v1/settings/engine-config/versions/latest')).status).toBe(400);
  });

  it('refuses a rescore period that ends before it starts', async () => {
    const res = await admin.post('/api/v1/settings/rescore', {
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-01T00:00:00Z',
    });
    expect(res.status).toBe(400);
  });
});
