/** Fraud campaigns: the same script from many callers (GET /api/v1/fraud/campaigns). */

import { OUTLIER_SIGNAL_KINDS } from './outliers';

export const CAMPAIGN_PAGE_MAX = 100;
export const CAMPAIGN_MEMBERS_MAX = 500;

/** Cross-account signals recorded on a conversation. */
export const CROSS_ACCOUNT_SIGNAL_KINDS = [
  'shared_phone',
  'shared_device',
  'shared_ip',
  'channel_hopping',
] as const;

/** Signals recorded on a conversation: cross-account (fraud) signals, and outliers against its team and channel. */
export const CONVERSATION_SIGNAL_KINDS = [...CROSS_ACCOUNT_SIGNAL_KINDS, ...OUTLIER_SIGNAL_KINDS] as const;
export type ConversationSignalKind = (typeof CONVERSATION_SIGNAL_KINDS)[number];

export interface ConversationSignal {
  kind: ConversationSignalKind;
  /**
   * shared_*: { value, accounts, uses } (accounts among the contact's `uses` most recent
   * conversations in the window, at most 50); channel_hopping: { channels, withinMinutes }; outlier_*: an
   * OutlierSignalDetail.
   */
  detail: Record<string, unknown>;
}

export interface CampaignSummary {
  id: string;
  /** Member conversations. */
  size: number;
  /** Distinct customers (accounts) among them. */
  customers: number;
  firstSeen: string;
  lastSeen: string;
  detectedAt: string;
  /** Customer-side phrases most members share; "<name>" and "<num>" mark what callers varied. */
  sharedPhrases: string[];
}

export interface CampaignPage {
  items: CampaignSummary[];
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
}

export interface CampaignMember {
  conversationId: string;
  externalId: string;
  channel: string;
  team: string | null;
  startedAt: string;
  /** Estimated Jaccard similarity to the closest member when it joined. */
  similarity: number;
  joinedAt: string;
  signals: ConversationSignal[];
}

export interface CampaignDetail extends CampaignSummary {
  members: CampaignMember[];
}
