import { createDataSource } from '../data-source';
import {
  createTestDatabase,
  undoMigrationsThrough,
  type TestDatabase,
} from '../../../../test/support/database';
import { EvidenceTargets1764050000000 } from './1764050000000-evidence-targets';

/** Results stored before evidence had targets get theirs from the rule ids and signals of the time. */
describe('the evidence-targets migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('gives stored evidence the target the analyzers give it now, keeping the rest of it', async () => {
    const dataSource = createDataSource({ url: db.url, poolSize: 1 });
    await dataSource.initialize();
    try {
      // The outputs as they were stored when this migration ran: jsonb.
      await undoMigrationsThrough(dataSource, 'AnalysisOutputJson1796650000000');
      const [{ id }] = await dataSource.query(
        `INSERT INTO conversation (source, external_id, channel, started_at, ended_at, message_count, content)
         VALUES ('t', 'legacy-1', 'chat', now(), now(), 2, '{}') RETURNING id`,
      );
      const span = { messageIndex: 0, start: 0, end: 4, quote: 'word' };
      const legacy: Record<string, object[]> = {
        sentiment: [
          { ...span, ruleId: 'lexicon.en', signal: 'negative' },
          { ...span, ruleId: 'emotion.word.en', signal: 'anger' },
          { ...span, ruleId: 'cue.escalation.manager', signal: 'escalation' },
        ],
        topics: [
          { ...span, ruleId: 'topics.billing.refund', signal: 'billing.refund' },
          { ...span, ruleId: 'topics.delivery.status.keyword' },
        ],
        qa: [{ ...span, ruleId: 'qa.identity_verification', signal: 'verification' }],
      };
      for (const [analyzer, evidence] of Object.entries(legacy))
        await dataSource.query(
          `INSERT INTO conversation_analysis (conversation_id, analyzer, version, output) VALUES ($1, $2, '1', $3)`,
          [id, analyzer, JSON.stringify({ analyzer, evidence, result: {}, missing: [] })],
        );

      const runner = dataSource.createQueryRunner();
      await new EvidenceTargets1764050000000().up(runner);
      await runner.release();

      const rows: { analyzer: string; output: { evidence: { target: unknown; ruleId: string }[] } }[] =
        await dataSource.query(`SELECT analyzer, output FROM conversation_analysis ORDER BY analyzer`);
      const targets = Object.fromEntries(
        rows.map((r) => [r.analyzer, r.output.evidence.map((e) => e.target)]),
      );
      expect(targets).toEqual({
        sentiment: [
          { kind: 'sentiment', key: 'negative' },
          { kind: 'emotion', key: 'anger' },
          { kind: 'intent', key: 'escalation' },
        ],
        topics: [
          { kind: 'topic', key: 'billing.refund' },
          { kind: 'topic', key: 'delivery.status' },
        ],
        qa: [{ kind: 'criterion', key: 'identity_verification' }],
      });
      // Everything else of the evidence is kept, in order.
      expect(rows.find((r) => r.analyzer === 'qa')!.output.evidence[0]!.ruleId).toBe(
        'qa.identity_verification',
      );
    } finally {
      await dataSource.destroy();
    }
  });
});
