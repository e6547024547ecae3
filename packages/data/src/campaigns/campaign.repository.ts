import type { DataSource, EntityManager } from 'typeorm';
import { CROSS_ACCOUNT_SIGNAL_KINDS, type Conversation } from '@vigil/contracts';
import { toJsonb } from '../jsonb';
import {
  saveConversationSignals,
  signalsOfConversationSql,
  type FoundSignal,
} from '../signals/conversation-signals';

/** One scored conversation as the campaign index keeps it. */
export interface CampaignIndexRow {
  conversationId: string;
  /** The customer account (or customer id, or phone) that "distinct callers" counts. */
  customerKey: string;
  channel: string;
  phone: string | null;
  deviceId: string | null;
  ip: string | null;
  startedAt: string;
  /** Null when the customer said too little to compare. */
  bands: number[] | null;
  signature: Buffer | null;
}

/** A conversation scored since the last campaign tick, as the index holds it. */
export interface PendingConversation {
  conversationId: string;
  customerKey: string;
  /** Null when the customer said too little to compare (it still gets cross-account signals). */
  signature: Buffer | null;
  /** Set when an earlier decision already took it into a campaign as another's match. */
  campaignId: string | null;
}

/** A recent indexed conversation sharing an LSH band with one or more of the new ones. */
export interface CampaignCandidate {
  /** The new conversations it shares a band with. */
  forIds: string[];
  conversationId: string;
  customerKey: string;
  signature: Buffer;
  campaignId: string | null;
}

export interface CampaignSummary {
  id: string;
  size: number;
  customers: number;
  firstSeen: Date;
  lastSeen: Date;
  detectedAt: Date;
  sharedPhrases: string[];
}

export interface CampaignMemberRecord {
  conversationId: string;
  externalId: string;
  channel: string;
  team: string | null;
  customerKey: string;
  startedAt: Date;
  similarity: number;
  joinedAt: Date;
  signals: ConversationSignalRecord[];
}

export interface ConversationSignalRecord {
  kind: string;
  detail: Record<string, unknown>;
}

/** Signal kinds counted across accounts, and the column each counts. */
const SHARED_CONTACTS = [
  ['shared_phone', 'phone'],
  ['shared_device', 'device_id'],
  ['shared_ip', 'ip'],
] as const;

/** How many of a phone's, device's or IP's most recent conversations the shared_* signals read. */
export const CONTACT_RECENT_USES = 50;

/** Channels one account may use within the hop window before it is a signal. */
export const CHANNEL_HOP_CHANNELS = 3;
export const CHANNEL_HOP_MINUTES = 60;

/** Serialises campaign decisions across workers processes (pg_try_advisory_xact_lock key). */
export const CAMPAIGN_LOCK = 0x76_63_61_6d; // "vcam"

/**
 * The scoring transaction's share of campaign detection, cheap and per conversation: index the newly
 * scored conversations (a conversation rescored later keeps its first entry) and leave each a row in
 * campaign_pending for the campaigns tick. In the scoring transaction, so a scored conversation is
 * always pending or decided, never lost between the two.
 */
export async function queueForCampaigns(tx: EntityManager, rows: readonly CampaignIndexRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `WITH indexed AS (
       INSERT INTO campaign_signature
         (conversation_id, customer_key, channel, phone, device_id, ip, started_at, bands, signature)
       SELECT v.id, v.customer_key, v.channel, v.phone, v.device_id, v.ip, v.started_at,
              v.bands::int[], v.signature
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::timestamptz[], $8::text[], $9::bytea[])
           AS v(id, customer_key, channel, phone, device_id, ip, started_at, bands, signature)
       ON CONFLICT (conversation_id) DO NOTHING)
     INSERT INTO campaign_pending (conversation_id)
     SELECT unnest($1::uuid[]) ON CONFLICT (conversation_id) DO NOTHING`,
    [
      rows.map((r) => r.conversationId),
      rows.map((r) => r.customerKey),
      rows.map((r) => r.channel),
      rows.map((r) => r.phone),
      rows.map((r) => r.deviceId),
      rows.map((r) => r.ip),
      rows.map((r) => r.startedAt),
      rows.map((r) => (r.bands ? `{${r.bands.join(',')}}` : null)),
      rows.map((r) => r.signature),
    ],
  );
}

/**
 * The campaign index and campaigns. Scoring only indexes and queues (queueForCampaigns); the
 * campaigns tick decides membership for the pending conversations in one transaction that holds an
 * advisory lock, taken with try: while one workers process decides, another's tick returns at once
 * and leaves the pending rows to the next. Decisions are therefore made one pass at a time, each
 * seeing every campaign the earlier passes made, and a pending row is deleted in the transaction that
 * decided it, so nothing is decided twice or lost.
 */
export class CampaignRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `decide` for the oldest `limit` pending conversations in one transaction holding the
   * campaign lock, then deletes their pending rows in it. Null when another process holds the lock.
   */
  async decidePending<T>(
    limit: number,
    decide: (tx: CampaignTransaction, pending: PendingConversation[]) => Promise<T>,
  ): Promise<{ taken: number; result: T } | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock]: { locked: boolean }[] = await manager.query(
        `SELECT pg_try_advisory_xact_lock($1) AS locked`,
        [CAMPAIGN_LOCK],
      );
      if (!lock?.locked) return null;
      const rows: {
        conversation_id: string;
        customer_key: string | null;
        signature: Buffer | null;
        campaign_id: string | null;
      }[] = await manager.query(
        `SELECT p.conversation_id, s.customer_key, s.signature, s.campaign_id
           FROM campaign_pending p LEFT JOIN campaign_signature s USING (conversation_id)
          ORDER BY p.queued_at, p.conversation_id LIMIT $1`,
        [limit],
      );
      const pending = rows.map((r) => ({
        conversationId: r.conversation_id,
        customerKey: r.customer_key ?? `conversation:${r.conversation_id}`,
        signature: r.signature,
        campaignId: r.campaign_id,
      }));
      const result = await decide(new CampaignTransaction(manager), pending);
      if (pending.length)
        await manager.query(`DELETE FROM campaign_pending WHERE conversation_id = ANY($1::uuid[])`, [
          pending.map((p) => p.conversationId),
        ]);
      return { taken: pending.length, result };
    });
  }

  /** How many scored conversations wait for the campaigns tick. */
  async pendingCount(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_pending`,
    );
    return row?.n ?? 0;
  }

  /** Forgets index entries older than the window (members of campaigns stay members). */
  async prune(windowHours: number, limit = 10_000): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM campaign_signature WHERE conversation_id IN (
         SELECT conversation_id FROM campaign_signature
          WHERE indexed_at < now() - make_interval(hours => $1) LIMIT $2)`,
      [windowHours, limit],
    );
    return result[1];
  }

  /**
   * Campaigns, most recently active first; `after` is the last item's cursor. `teams` (null: all)
   * keeps campaigns with at least one member conversation of those teams.
   */
  async list(
    limit: number,
    teams: readonly string[] | null,
    after?: { lastSeen: string; id: string },
  ): Promise<CampaignSummary[]> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT * FROM campaign k
        WHERE ($2::timestamptz IS NULL OR (k.last_seen, k.id) < ($2::timestamptz, $3::uuid))
          AND ($4::text[] IS NULL OR EXISTS (
                SELECT 1 FROM campaign_member m JOIN conversation c ON c.id = m.conversation_id
                 WHERE m.campaign_id = k.id AND c.team = ANY($4::text[])))
        ORDER BY k.last_seen DESC, k.id DESC LIMIT $1`,
      [limit, after?.lastSeen ?? null, after?.id ?? null, teams],
    );
    return rows.map(summaryOf);
  }

  /**
   * One campaign with its members (oldest first) and their cross-account signals; only members of
   * `teams` (null: all), and null when none is.
   */
  async detail(
    id: string,
    memberLimit: number,
    teams: readonly string[] | null,
  ): Promise<{ campaign: CampaignSummary; members: CampaignMemberRecord[] } | null> {
    const [row]: CampaignRow[] = await this.dataSource.query(`SELECT * FROM campaign WHERE id = $1`, [id]);
    if (!row) return null;
    const members: {
      conversation_id: string;
      external_id: string;
      channel: string;
      team: string | null;
      customer_key: string;
      started_at: Date;
      similarity: number;
      joined_at: Date;
      signals: ConversationSignalRecord[];
    }[] = await this.dataSource.query(
      `SELECT m.conversation_id, c.external_id, c.channel, c.team, m.customer_key, c.started_at, m.similarity, m.joined_at,
              ${signalsOfConversationSql('$4::text[]')} AS signals
         FROM campaign_member m JOIN conversation c ON c.id = m.conversation_id
        WHERE m.campaign_id = $1 AND ($3::text[] IS NULL OR c.team = ANY($3::text[]))
        ORDER BY c.started_at, m.conversation_id LIMIT $2`,
      // The campaign page lists the cross-account signals; outliers are the conversation page's.
      [id, memberLimit, teams, CROSS_ACCOUNT_SIGNAL_KINDS],
    );
    if (teams && !members.length) return null;
    return {
      campaign: summaryOf(row),
      members: members.map((m) => ({
        conversationId: m.conversation_id,
        externalId: m.external_id,
        channel: m.channel,
        team: m.team,
        customerKey: m.customer_key,
        startedAt: m.started_at,
        similarity: m.similarity,
        joinedAt: m.joined_at,
        signals: m.signals,
      })),
    };
  }
}

interface CampaignRow {
  id: string;
  first_seen: Date;
  last_seen: Date;
  detected_at: Date;
  size: number;
  customers: number;
  shared_phrases: string[];
}

const summaryOf = (r: CampaignRow): CampaignSummary => ({
  id: r.id,
  size: r.size,
  customers: r.customers,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  detectedAt: r.detected_at,
  sharedPhrases: r.shared_phrases,
});

/** The statements a campaign decision makes, inside the locked transaction. */
export class CampaignTransaction {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Cross-account signals for these (already indexed) conversations: a phone, device or IP used by
   * at least `minAccounts` customer accounts among its most recent uses within the window (at most
   * CONTACT_RECENT_USES, so an address shared by a whole office or a carrier's NAT costs no more
   * than any other); one account on three or more channels within an hour. Stored on the
   * conversation; returns how many were found.
   */
  async recordSignals(ids: readonly string[], windowHours: number, minAccounts: number): Promise<number> {
    if (!ids.length) return 0;
    const found: FoundSignal[] = [];
    for (const [kind, column] of SHARED_CONTACTS) {
      // Each contact is read once however many of these conversations used it (the recent uses do
      // not depend on which of them asks): an office's or a carrier's address is the common case.
      const rows: { conversation_id: string; value: string; accounts: number; uses: number }[] =
        await this.manager.query(
          `WITH asked AS (
             SELECT conversation_id, ${column} AS value FROM campaign_signature
              WHERE conversation_id = ANY($1::uuid[]) AND ${column} IS NOT NULL),
           shared AS (
             SELECT v.value, count(DISTINCT r.customer_key)::int AS accounts, count(*)::int AS uses
               FROM (SELECT DISTINCT value FROM asked) v
               CROSS JOIN LATERAL (
                 SELECT o.customer_key FROM campaign_signature o
                  WHERE o.${column} = v.value AND o.indexed_at > now() - make_interval(hours => $2)
                  ORDER BY o.indexed_at DESC LIMIT $4) r
              GROUP BY v.value HAVING count(DISTINCT r.customer_key) >= $3)
           SELECT a.conversation_id, a.value, s.accounts, s.uses FROM asked a JOIN shared s USING (value)`,
          [ids, windowHours, minAccounts, CONTACT_RECENT_USES],
        );
      for (const r of rows)
        found.push({
          conversationId: r.conversation_id,
          kind,
          detail: { value: r.value, accounts: r.accounts, uses: r.uses },
        });
    }
    const hops: { conversation_id: string; channels: string[] }[] = await this.manager.query(
      `SELECT s.conversation_id, array_agg(DISTINCT o.channel ORDER BY o.channel) AS channels
         FROM campaign_signature s
         JOIN campaign_signature o
           ON o.customer_key = s.customer_key
          AND o.started_at BETWEEN s.started_at - make_interval(mins => $2) AND s.started_at + make_interval(mins => $2)
        WHERE s.conversation_id = ANY($1::uuid[]) AND s.customer_key NOT LIKE 'conversation:%'
        GROUP BY 1 HAVING count(DISTINCT o.channel) >= $3`,
      [ids, CHANNEL_HOP_MINUTES, CHANNEL_HOP_CHANNELS],
    );
    for (const h of hops)
      found.push({
        conversationId: h.conversation_id,
        kind: 'channel_hopping',
        detail: { channels: h.channels, withinMinutes: CHANNEL_HOP_MINUTES },
      });
    await saveConversationSignals(this.manager, found);
    return found.length;
  }

  /**
   * Recent indexed conversations sharing a band with each of these newly indexed ones (at most
   * `perConversation` each), each once with the ids it was found for: near-template texts make the
   * same recent conversations candidates of many new ones (measured: 16,800 pairs but 9,500 distinct
   * candidates for 1,000 simulator conversations), so each signature crosses the wire once. The
   * bands are read where they are stored, not sent back from node.
   */
  async candidates(
    ids: readonly string[],
    windowHours: number,
    perConversation = 500,
  ): Promise<CampaignCandidate[]> {
    if (!ids.length) return [];
    // Band keys are nearly all distinct, so Postgres has no element statistics for them and guesses
    // that `&&` matches 8% of the table; with the LIMIT it then prefers a sequential scan or the time
    // index (55–90 ms at 20,000 rows, growing with the table). The GIN index finds the few real
    // matches directly.
    await this.manager.query(`SET LOCAL enable_seqscan = off`);
    const rows: {
      for_ids: string[];
      conversation_id: string;
      customer_key: string;
      signature: Buffer;
      campaign_id: string | null;
    }[] = await this.manager.query(
      `SELECT array_agg(q.conversation_id) AS for_ids, o.conversation_id, o.customer_key, o.signature, o.campaign_id
         FROM campaign_signature q
         CROSS JOIN LATERAL (
           -- OFFSET 0 keeps the band match on its own (the GIN index), the window checked after it.
           SELECT * FROM (
             SELECT conversation_id, customer_key, signature, campaign_id, indexed_at FROM campaign_signature
              WHERE bands && q.bands OFFSET 0) m
            WHERE m.conversation_id <> q.conversation_id AND m.indexed_at > now() - make_interval(hours => $2)
            LIMIT $3) o
        WHERE q.conversation_id = ANY($1::uuid[]) AND q.bands IS NOT NULL
        GROUP BY o.conversation_id, o.customer_key, o.signature, o.campaign_id`,
      [ids, windowHours, perConversation],
    );
    return rows.map((r) => ({
      forIds: r.for_ids,
      conversationId: r.conversation_id,
      customerKey: r.customer_key,
      signature: r.signature,
      campaignId: r.campaign_id,
    }));
  }

  async createCampaign(): Promise<string> {
    const [row]: { id: string }[] = await this.manager.query(
      `INSERT INTO campaign (first_seen, last_seen, size, customers) VALUES (now(), now(), 0, 0) RETURNING id`,
    );
    return row!.id;
  }

  /** Adds members (a conversation already in a campaign stays where it is). */
  async addMembers(
    campaignId: string,
    members: readonly { conversationId: string; customerKey: string; similarity: number }[],
  ): Promise<void> {
    if (!members.length) return;
    await this.manager.query(
      `WITH added AS (
         INSERT INTO campaign_member (campaign_id, conversation_id, customer_key, similarity)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::float8[])
         ON CONFLICT (conversation_id) DO NOTHING RETURNING conversation_id)
       UPDATE campaign_signature SET campaign_id = $1 WHERE conversation_id IN (SELECT conversation_id FROM added)`,
      [
        campaignId,
        members.map((m) => m.conversationId),
        members.map((m) => m.customerKey),
        members.map((m) => m.similarity),
      ],
    );
  }

  /** The first members' conversations, for the shared phrases. */
  async memberContents(campaignId: string, limit: number): Promise<Conversation[]> {
    const rows: { content: Conversation }[] = await this.manager.query(
      `SELECT c.content FROM campaign_member m JOIN conversation c ON c.id = m.conversation_id
        WHERE m.campaign_id = $1 ORDER BY c.started_at LIMIT $2`,
      [campaignId, limit],
    );
    return rows.map((r) => r.content);
  }

  /** Recounts size, customers and first/last seen from the members; sets the shared phrases if given. */
  async refresh(campaignId: string, sharedPhrases?: string[]): Promise<number> {
    const [rows]: [{ size: number }[], number] = await this.manager.query(
      `UPDATE campaign SET
         (size, customers, first_seen, last_seen) = (
           SELECT count(*)::int, count(DISTINCT m.customer_key)::int, min(c.started_at), max(c.started_at)
             FROM campaign_member m JOIN conversation c ON c.id = m.conversation_id WHERE m.campaign_id = $1),
         shared_phrases = COALESCE($2::jsonb, shared_phrases)
       WHERE id = $1 RETURNING size`,
      [campaignId, sharedPhrases ? toJsonb(sharedPhrases) : null],
    );
    return rows[0]?.size ?? 0;
  }
}
