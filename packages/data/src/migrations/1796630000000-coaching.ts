import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coaching: trainers' notes and goals for an agent (kept with author and time, shown in the agent's
 * next reports; the author's e-mail is kept as written, like the audit log's actor), and an index for reading one agent's conversations of a period (the CSV export
 * and the report's sentiment outcomes and topics): agent_ids is an array, so a GIN index.
 */
export class Coaching1796630000000 implements MigrationInterface {
  name = 'Coaching1796630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "coaching_note" (
        "id" bigserial NOT NULL,
        "agent_id" varchar(200) NOT NULL,
        "kind" varchar(8) NOT NULL,
        "text" text NOT NULL,
        "author" varchar(400) NOT NULL,
        "author_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_coaching_note" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "coaching_note_agent_idx" ON "coaching_note" ("agent_id", "created_at")`);
    await q.query(`CREATE INDEX "conversation_agent_ids_idx" ON "conversation" USING gin ("agent_ids")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "conversation_agent_ids_idx"`);
    await q.query(`DROP TABLE "coaching_note"`);
  }
}
