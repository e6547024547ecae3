import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cross-account signals look at a contact's most recent uses and an account's conversations
 * around one start time, so their indexes are ordered by time and carry what the signals count.
 * Before, `shared_ip` read every conversation of the window from the same address: an address
 * behind a carrier's NAT or an office, or the simulator's 250 test addresses, made each new
 * conversation read hundreds of rows (measured: 800 heap pages per conversation with 200,000
 * conversations in the window), so the campaigns tick grew with the window.
 */
const CONTACTS = ['phone', 'device_id', 'ip'] as const;

export class CampaignContactRecent1796760000000 implements MigrationInterface {
  name = 'CampaignContactRecent1796760000000';

  async up(q: QueryRunner): Promise<void> {
    for (const column of CONTACTS) {
      await q.query(`DROP INDEX "campaign_signature_${column}_idx"`);
      await q.query(
        `CREATE INDEX "campaign_signature_${column}_recent_idx" ON "campaign_signature" ("${column}", "indexed_at" DESC)
           INCLUDE ("customer_key") WHERE "${column}" IS NOT NULL`,
      );
    }
    await q.query(`DROP INDEX "campaign_signature_customer_idx"`);
    await q.query(
      `CREATE INDEX "campaign_signature_customer_started_idx" ON "campaign_signature" ("customer_key", "started_at")
         INCLUDE ("channel")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "campaign_signature_customer_started_idx"`);
    await q.query(`CREATE INDEX "campaign_signature_customer_idx" ON "campaign_signature" ("customer_key")`);
    for (const column of CONTACTS) {
      await q.query(`DROP INDEX "campaign_signature_${column}_recent_idx"`);
      await q.query(
        `CREATE INDEX "campaign_signature_${column}_idx" ON "campaign_signature" ("${column}") WHERE "${column}" IS NOT NULL`,
      );
    }
  }
}
