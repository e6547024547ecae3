import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence names the score it belongs to (`target: { kind, key }`) since the analyzer registry;
 * results stored before get theirs from what the analyzers wrote then: topic evidence signalled the
 * topic key (rule "topics.<key>[.keyword]"), QA evidence is ruled "qa.<criterion key>", and sentiment
 * evidence signalled a polarity, an intent (escalation, churn) or an emotion. Readers can then rely
 * on targets without a fallback.
 */
export class EvidenceTargets1764050000000 implements MigrationInterface {
  name = 'EvidenceTargets1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE conversation_analysis a
         SET output = jsonb_set(a.output, '{evidence}', coalesce((
           SELECT jsonb_agg(e || jsonb_build_object('target', CASE a.analyzer
                    WHEN 'topics' THEN jsonb_build_object('kind', 'topic', 'key',
                      coalesce(e ->> 'signal', regexp_replace(e ->> 'ruleId', '^topics\\.|\\.keyword$', '', 'g')))
                    WHEN 'qa' THEN jsonb_build_object('kind', 'criterion', 'key', substr(e ->> 'ruleId', 4))
                    ELSE jsonb_build_object('kind', CASE
                        WHEN e ->> 'signal' IN ('positive', 'negative') THEN 'sentiment'
                        WHEN e ->> 'signal' IN ('escalation', 'churn') THEN 'intent'
                        ELSE 'emotion' END, 'key', e ->> 'signal')
                  END) ORDER BY ord)
             FROM jsonb_array_elements(a.output -> 'evidence') WITH ORDINALITY AS x(e, ord)), '[]'::jsonb))
       WHERE jsonb_typeof(a.output -> 'evidence') = 'array'
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.output -> 'evidence') e WHERE NOT e ? 'target')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE conversation_analysis a
         SET output = jsonb_set(a.output, '{evidence}', coalesce((
           SELECT jsonb_agg(e - 'target' ORDER BY ord)
             FROM jsonb_array_elements(a.output -> 'evidence') WITH ORDINALITY AS x(e, ord)), '[]'::jsonb))
       WHERE jsonb_typeof(a.output -> 'evidence') = 'array'`);
  }
}
