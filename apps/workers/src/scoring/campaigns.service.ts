import type { Conversation } from '@vigil/contracts';
import type {
  CampaignCandidate,
  CampaignIndexRow,
  CampaignRepository,
  CampaignSettings,
  CampaignTransaction,
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

/** What one batch did to campaigns. */
export interface CampaignOutcome {
  created: string[];
  joined: number;
  signals: number;
}

/** The key that "distinct customers" counts: the account, else the customer, else the phone. */
export function customerKeyOf(id: string, content: Conversation): string {
  const c = content.customer;
  if (c?.accountId) return `account:${c.accountId}`;
  if (c?.id) return `customer:${c.id}`;
  const phone = content.metadata?.contact?.phone;
  return phone ? `phone:${phone}` : `conversation:${id}`;
}

export function indexRowOf(id: string, content: Conversation): CampaignIndexRow & { words: string[] } {
  const words = customerWords(content.messages);
  const hashes = shingleHashes(words);
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
    words,
  };
}

/**
 * After a batch is scored: index its conversations, record cross-account signals, and put those
 * that share a script with enough distinct customers into a campaign. One call per scored batch;
 * a few queries whatever the batch size.
 */
export class CampaignService {
  private lastPrune = 0;

  constructor(
    private readonly repository: CampaignRepository,
    private readonly settings: CampaignSettings,
  ) {}

  async record(conversations: readonly StoredConversation[]): Promise<CampaignOutcome> {
    const rows = conversations.map((c) => indexRowOf(c.id, c.content));
    await this.repository.index(rows);
    const signals = await this.repository.recordSignals(
      rows.map((r) => r.conversationId),
      this.settings.windowHours,
      this.settings.sharedContactAccounts,
    );
    const comparable = rows.filter((r) => r.bands !== null);
    const outcome = comparable.length
      ? await this.repository.withCampaignLock((tx) => this.decide(tx, comparable))
      : { created: [], joined: 0 };
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.repository.prune(this.settings.windowHours);
    }
    return { ...outcome, signals };
  }

  private async decide(
    tx: CampaignTransaction,
    rows: (CampaignIndexRow & { words: string[] })[],
  ): Promise<{ created: string[]; joined: number }> {
    // Fifty candidates per conversation: a script's members share most of their bands with each
    // other, while everyday near-templates can share a band with thousands; reading them all made
    // this step grow with the window (0.3 to 0.9 s per batch of 100 at 3,000 simulator conversations).
    const candidates = await tx.candidates(
      rows.map((r) => ({ conversationId: r.conversationId, bands: r.bands! })),
      this.settings.windowHours,
      CANDIDATES_PER_CONVERSATION,
    );
    const signatures = new Map<string, Uint32Array>();
    const signatureOf = (c: CampaignCandidate): Uint32Array => {
      let signature = signatures.get(c.conversationId);
      if (!signature) signatures.set(c.conversationId, (signature = signatureFromBytes(c.signature)));
      return signature;
    };
    const byFor = new Map<string, CampaignCandidate[]>();
    for (const c of candidates) byFor.set(c.forId, [...(byFor.get(c.forId) ?? []), c]);
    // Campaign of each conversation as decided so far in this batch (the database's, then ours).
    const campaignOf = new Map<string, string | null>(
      candidates.map((c) => [c.conversationId, c.campaignId]),
    );
    const created: string[] = [];
    const touched = new Set<string>();
    let joined = 0;

    for (const row of rows) {
      if (campaignOf.get(row.conversationId)) continue; // joined earlier in this batch
      const own = signatureFromBytes(row.signature!);
      const matches = (byFor.get(row.conversationId) ?? [])
        .map((c) => ({ ...c, similarity: estimatedJaccard(own, signatureOf(c)) }))
        .filter((c) => c.similarity >= this.settings.similarity);
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
      touched.add(campaignId);
    }

    for (const campaignId of touched) {
      const size = await tx.refresh(campaignId);
      // Phrases settle once a campaign has some members; recomputing them for every late member of
      // a large campaign would only cost time.
      if (size <= PHRASE_MEMBERS) {
        const contents = await tx.memberContents(campaignId, PHRASE_MEMBERS);
        await tx.refresh(campaignId, sharedPhrases(contents.map((c) => customerWords(c.messages))));
      }
    }
    return { created, joined };
  }
}

function mostCommon(ids: (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, n] of counts) if (!best || n > counts.get(best)!) best = id;
  return best;
}
