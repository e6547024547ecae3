import type { DataSource, EntityManager } from 'typeorm';
import { toJsonb } from '../jsonb';

/** A signal found for a conversation (kinds: CONVERSATION_SIGNAL_KINDS in @vigil/contracts). */
export interface FoundSignal {
  conversationId: string;
  kind: string;
  detail: Record<string, unknown>;
}

/**
 * Stores signals on their conversations, one statement for any number. A conversation has at most
 * one signal of a kind: finding it again replaces its detail (the latest count of accounts, say).
 */
export async function saveConversationSignals(
  db: DataSource | EntityManager,
  found: readonly FoundSignal[],
): Promise<void> {
  if (!found.length) return;
  await db.query(
    `INSERT INTO conversation_signal (conversation_id, kind, detail)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])
     ON CONFLICT (conversation_id, kind) DO UPDATE SET detail = EXCLUDED.detail, found_at = now()`,
    [found.map((f) => f.conversationId), found.map((f) => f.kind), found.map((f) => toJsonb(f.detail))],
  );
}

/** The SQL of a conversation's signals as a JSON array of { kind, detail }, for `c` the conversation's alias. */
export function signalsOfConversationSql(kinds: string): string {
  return `COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', s.kind, 'detail', s.detail) ORDER BY s.kind)
                      FROM conversation_signal s WHERE s.conversation_id = c.id AND s.kind = ANY(${kinds})), '[]')`;
}
