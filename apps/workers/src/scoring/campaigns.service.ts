import type { Conversation } from '@vigil/contracts';
import type {
  CampaignIndexRow,
  CampaignRepository,
  CampaignSettings,
  CampaignTransaction,
  PendingConversation,
  StoredConversation,
} from '@vigil/data';
import {
  customerWords,
  estimatedJaccard,
  lshBands,
  minhashOfHashes,
  sharedPhrases,
  shingleHashes,
  signatureFromBytes,
  signatureToBytes,
} from '@vigil/engine';

/** Fewer distinct customer shingles than this (about twenty words) is too little to call a script. */
export const MIN_SHINGLES = 20;
/** Shared phrases are recomputed while a campaign is small, from at most this many members. */
const PHRASE_MEMBERS = 25;
const PRUNE_EVERY_MS = 60_000;
const CANDIDATES_PER_CONVERSATION = 50;

/** Most pending conversations one pass decides, in one transaction. */
export const TICK_CONVERSATIONS = 1000;
/** Most passes one tick makes before leaving the rest to the next tick. */
const TICK_PASSES = 10;

/** What one tick did: conversations decided, campaigns created, members joined, signals recorded. */
export interface CampaignTickOutcome {
  decided: number;
  created: string[];
  joined: number;
  signals: number;
  /** Another workers process held the campaign lock: nothing was decided by this one. */
  busy: boolean;
}

/** The key that "distinct customers" counts: the account, else the customer, else the phone. */
export function customerKeyOf(id: string, content: Conversation): string {
  const c = content.customer;
  if (c?.accountId) return `account:${c.accountId}`;
  if (c?.id) return `customer:${c.id}`;
  const phone = content.metadata?.contact?.phone;
  return phone ? `phone:${phone}` : `conversation:${id}`;
}

/** A conversation's entry in the campaign index: who, how to reach them, and its MinHash signature and bands. */
export function indexRowOf(id: string, content: Conversation): CampaignIndexRow {
  const hashes = shingleHashes(customerWords(content.messages));
  const signature = hashes.length >= MIN_SHINGLES ? minhashOfHashes(hashes) : null;
  const contact = content.metadata?.contact;
  return {
    conversationId: id,
    customerKey: customerKeyOf(id, content).slice(0, 200),
    channel: content.channel,
    phone: contact?.phone ?? null,
    deviceId: contact?.deviceId ?? null,
    ip: contact?.ip ?? null,
    startedAt: content.startedAt,
    bands: signature ? lshBands(signature) : null,
    signature: signature ? signatureToBytes(signature) : null,
  };
}

/**
 * Campaign detection in two parts. On the scoring path, only `indexRowsOf` (CPU per conversation)
 * and the scoring transaction's inserts (queueForCampaigns). Everything that reads across
 * conversations — cross-account signals, candidates, campaigns, shared phrases — runs in `tick`,
 * which the `campaigns` job calls every VIGIL_CAMPAIGN_EVERY_SECONDS: one pass over up to 1,000
 * pending conversations, a few queries whatever their number.
 */
export class CampaignService {
  private lastPrune = 0;

  constructor(
    private readonly repository: CampaignRepository,
    private readonly settings: CampaignSettings,
  ) {}

  /** The index rows of conversations about to be saved as scored (see ScoringService). */
  indexRowsOf(conversations: readonly Pick<StoredConversation, 'id' | 'content'>[]): CampaignIndexRow[] {
    return conversations.map((c) => indexRowOf(c.id, c.content));
  }

  /**
   * Decides campaign membership for the conversations scored since the last tick, a pass of up to
   * TICK_CONVERSATIONS at a time until none is left (at most TICK_PASSES passes, so one tick stays
   * short under a backlog; the next continues). `busy`: another workers process was deciding.
   */
  async tick(): Promise<CampaignTickOutcome> {
    const outcome: CampaignTickOutcome = { decided: 0, created: [], joined: 0, signals: 0, busy: false };
    for (let pass = 0; pass < TICK_PASSES; pass++) {
      const decided = await this.repository.decidePending(TICK_CONVERSATIONS, (tx, pending) =>
        this.decide(tx, pending),
      );
      if (!decided) {
        outcome.busy = true;
        break;
      }
      outcome.decided += decided.taken;
      outcome.created.push(...decided.result.created);
      outcome.joined += decided.result.joined;
      outcome.signals += decided.result.signals;
      if (decided.taken < TICK_CONVERSATIONS) break;
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.repository.prune(this.settings.windowHours);
    }
    return outcome;
  }

  private async decide(
    tx: CampaignTransaction,
    pending: readonly PendingConversation[],
  ): Promise<{ created: string[]; joined: number; signals: number }> {
    const signals = await tx.recordSignals(
      pending.map((p) => p.conversationId),
      this.settings.windowHours,
      this.settings.sharedContactAccounts,
    );
    const rows = pending.filter((p) => p.signature !== null);
    if (!rows.length) return { created: [], joined: 0, signals };
    // Fifty candidates per conversation: a script's members share most of their bands with each
    // other, while everyday near-templates can share a band with thousands; reading them all made
    // this step grow with the window (0.3 to 0.9 s per batch of 100 at 3,000 simulator conversations).
    const candidates = await tx.candidates(
      rows.map((r) => r.conversationId),
      this.settings.windowHours,
      CANDIDATES_PER_CONVERSATION,
    );
    // Each candidate's signature decoded once, however many new conversations it is a candidate of.
    const byFor = new Map<string, IndexedConversation[]>();
    for (const c of candidates) {
      const candidate = {
        conversationId: c.conversationId,
        customerKey: c.customerKey,
        signature: signatureFromBytes(c.signature),
      };
      for (const forId of c.forIds) {
        const list = byFor.get(forId);
        if (list) list.push(candidate);
        else byFor.set(forId, [candidate]);
      }
    }
    // Campaign of each conversation as decided so far in this pass (the database's, then ours). A
    // pending conversation may already be in one: an earlier pass took it in as another's match.
    const campaignOf = new Map<string, string | null>([
      ...candidates.map((c) => [c.conversationId, c.campaignId] as const),
      ...rows.map((r) => [r.conversationId, r.campaignId] as const),
    ]);
    const created: string[] = [];
    const added = new Map<string, number>(); // campaign → members this pass added to it
    let joined = 0;

    for (const row of rows) {
      if (campaignOf.get(row.conversationId)) continue; // already a member (this pass or an earlier one)
      const own = signatureFromBytes(row.signature!);
      const matches: (IndexedConversation & { similarity: number })[] = [];
      for (const c of byFor.get(row.conversationId) ?? []) {
        const similarity = estimatedJaccard(own, c.signature);
        if (similarity >= this.settings.similarity) matches.push({ ...c, similarity });
      }
      if (!matches.length) continue;
      const existing = mostCommon(matches.map((m) => campaignOf.get(m.conversationId)).filter((id) => !!id));
      const customers = new Set([row.customerKey, ...matches.map((m) => m.customerKey)]);
      if (!existing && customers.size < this.settings.minCustomers) continue;
      const campaignId = existing ?? (await tx.createCampaign());
      if (!existing) created.push(campaignId);
      const best = Math.max(...matches.map((m) => m.similarity));
      const members = [
        { conversationId: row.conversationId, customerKey: row.customerKey, similarity: best },
        ...matches
          .filter((m) => !campaignOf.get(m.conversationId))
          .map((m) => ({
            conversationId: m.conversationId,
            customerKey: m.customerKey,
            similarity: m.similarity,
          })),
      ];
      await tx.addMembers(campaignId, members);
      for (const m of members) campaignOf.set(m.conversationId, campaignId);
      joined += existing ? members.length : 0;
      added.set(campaignId, (added.get(campaignId) ?? 0) + members.length);
    }

    for (const [campaignId, count] of added) {
      const size = await tx.refresh(campaignId);
      // Phrases settle once a campaign has some members; recomputing them for every late member of
      // a large campaign would only cost time. A pass may add many at once: recompute whenever the
      // campaign had fewer than PHRASE_MEMBERS before it.
      if (size - count < PHRASE_MEMBERS) {
        const contents = await tx.memberContents(campaignId, PHRASE_MEMBERS);
        await tx.refresh(campaignId, sharedPhrases(contents.map((c) => customerWords(c.messages))));
      }
    }
    return { created, joined, signals };
  }
}

/** A candidate as the decision compares it. */
interface IndexedConversation {
  conversationId: string;
  customerKey: string;
  signature: Uint32Array;
}

function mostCommon(ids: (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, n] of counts) if (!best || n > counts.get(best)!) best = id;
  return best;
}
