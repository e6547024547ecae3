import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Original message texts, kept only where the operator enables it (VIGIL_PII_KEEP_ORIGINALS):
 * the conversation row holds the masked text; this table the originals, encrypted (AES-256-GCM),
 * one row per conversation that had something masked. Deleted with its conversation.
 */
export class PiiOriginals1796600000000 implements MigrationInterface {
  name = 'PiiOriginals1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "conversation_original" (
        "conversation_id" uuid NOT NULL,
        "iv" bytea NOT NULL,
        "tag" bytea NOT NULL,
        "ciphertext" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_original" PRIMARY KEY ("conversation_id"),
        CONSTRAINT "conversation_original_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "conversation_original"`);
  }
}
