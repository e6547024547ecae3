/**
 * Topics: what customers contact about. A taxonomy is edited by an admin in settings; the topics
 * analyzer assigns its topics to each conversation, and discovery proposes new topics from recent
 * customer requests that no topic explains well.
 */

export interface TopicDefinition {
  /** Stable key used in rollups and URLs, e.g. "billing.double_charge". */
  key: string;
  label: string;
  description?: string;
  /** Example customer requests, in the customers' own words. The more varied, the better. */
  examples: string[];
  /** Words or short phrases that, when a customer uses them, point strongly at this topic. */
  keywords: string[];
}

export interface TopicTaxonomy {
  /** Changing anything in the taxonomy must change its version: compiled models are cached by it. */
  version: string;
  topics: TopicDefinition[];
}

/** Tuning knobs of the topics analyzer; the defaults (DEFAULT_TOPICS_OPTIONS) suit most taxonomies. */
export interface TopicsOptions {
  /** Minimum confidence for a topic to be assigned; below it for every topic the result is "none". */
  threshold: number;
  /** At most this many topics per conversation. */
  maxTopics: number;
  /**
   * Customer messages decide topics. When no customer message passes the threshold, agent and bot
   * messages are tried, their confidence multiplied by this factor (0 turns the fallback off).
   */
  agentFallbackWeight: number;
}

export const DEFAULT_TOPICS_OPTIONS: TopicsOptions = {
  threshold: 0.35,
  maxTopics: 3,
  agentFallbackWeight: 0.8,
};

/** What the topics analyzer reads from AnalyzerContext.config. */
export interface TopicsConfig {
  taxonomy: TopicTaxonomy;
  options?: Partial<TopicsOptions>;
}

export interface TopicAssignment {
  key: string;
  label: string;
  /** In [0, 1]. */
  confidence: number;
  /** Messages that carried this topic. */
  messageIndices: number[];
}

export interface TopicsResult {
  taxonomyVersion: string;
  /** Assigned topics, most confident first; empty when none fits. */
  topics: TopicAssignment[];
  /** Key of the most confident topic, or null. */
  primary: string | null;
  /** True when no topic reached the threshold: a candidate for discovery. */
  none: boolean;
  /** The best topic even when below the threshold, for tuning and for discovery. */
  best: { key: string; confidence: number } | null;
}

// ---- discovery ----------------------------------------------------------------------------------

export interface DiscoveryText {
  conversationId: string;
  /** The customer's request (usually the customer's messages of one conversation, joined). */
  text: string;
}

export interface DiscoveryOptions {
  /** Texts that an existing topic explains with at least this confidence are left out. */
  explainedThreshold: number;
  /** A text joins a cluster when its cosine similarity to the cluster centre is at least this. */
  similarity: number;
  /**
   * After clustering, clusters whose centres have at least this cosine similarity are merged (the
   * same request worded two ways); 1 turns merging off.
   */
  mergeSimilarity: number;
  /** Clusters smaller than this are not proposed. */
  minClusterSize: number;
  /** At most this many candidates, largest first. */
  maxCandidates: number;
  /** Refinement passes after the greedy assignment (k-means-like, cosine). */
  iterations: number;
  /** Example texts per candidate (3–5 is what an admin reads). */
  examples: number;
}

export const DEFAULT_DISCOVERY_OPTIONS: DiscoveryOptions = {
  explainedThreshold: 0.35,
  similarity: 0.2,
  mergeSimilarity: 0.4,
  minClusterSize: 5,
  maxCandidates: 20,
  iterations: 4,
  examples: 5,
};

export interface TopicCandidate {
  /** Stable within one discovery run: derived from the top terms. */
  id: string;
  /** Suggested label from the most distinctive terms or bigram, e.g. "crypto withdrawal". */
  label: string;
  /** Distinctive terms (surface forms), most distinctive first. */
  terms: string[];
  size: number;
  /** Share of the texts given to discovery that fell in this cluster. */
  share: number;
  /** Mean cosine similarity of members to the centre: how tight the cluster is, in [0, 1]. */
  cohesion: number;
  examples: { conversationId: string; text: string }[];
  conversationIds: string[];
}

export interface DiscoveryResult {
  candidates: TopicCandidate[];
  /** How many texts were considered, and how many an existing topic already explained. */
  considered: number;
  explained: number;
  /** Texts in no proposed cluster (noise or too-small clusters). */
  unclustered: number;
}

// ---- discovery runs -----------------------------------------------------------------------------

export const DISCOVERY_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type DiscoveryStatus = (typeof DISCOVERY_STATUSES)[number];

/** A candidate as a discovery run keeps it: with the taxonomy topic adopting it would add. */
export interface DiscoveredTopic extends Omit<TopicCandidate, 'conversationIds'> {
  suggestion: TopicDefinition;
  /** Set when an admin adopted it: the key it got in the taxonomy and the version that added it. */
  adopted: { key: string; version: number; by: string } | null;
}

/**
 * One discovery over the recent conversations no topic explains ("none"), scheduled or asked for by
 * an admin, with the candidates it found.
 */
export interface DiscoveryRun {
  id: string;
  status: DiscoveryStatus;
  /** The conversations considered ended in [from, to). */
  from: string;
  to: string;
  /** Conversations read, and how many of them a topic of the taxonomy in force now explains. */
  considered: number;
  explained: number;
  unclustered: number;
  candidates: DiscoveredTopic[];
  /** The configuration version whose taxonomy the texts were checked against. */
  configVersion: number | null;
  error: string | null;
  /** E-mail of the admin who asked, or null for the schedule. */
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}
