import { z } from 'zod';
import type { Severity } from './compliance';

/**
 * The fraud analyzer's result (`scores.fraud`) and configuration. A conversation's risk (0–100) is
 * the noisy-OR of its signals' weights: each signal alone would make a risk of its weight, and
 * independent signals add up without passing 100 (two signals of 40 make 64). A risk at or above
 * the configured threshold raises one flag with source `fraud` (rule `fraud.risk`).
 */

/** What a signal is about. Evidence of a signal has target `{ kind: 'fraud', key: <kind> }`. */
export const FRAUD_SIGNAL_KINDS = [
  /** metadata.voice.syntheticSpeechScore: the voice platform thinks the voice is generated. */
  'synthetic_speech',
  /** metadata.voice.livenessScore: the voice platform doubts a live person spoke. */
  'low_liveness',
  /** metadata.auth.failedAttempts: identity verification failed. */
  'auth_failed',
  /** metadata.auth.skipped (or verified: false without an attempt): identity was never checked. */
  'auth_skipped',
  /** A change of contact details, a new payee, a credential reset, a card reissue, a transfer. */
  'high_risk_request',
  /** Pressure: "it has to be done right now", "steidzami". */
  'urgency',
  /** Claimed authority: "I'm calling from the fraud department", "your manager approved it". */
  'authority',
  /** "Don't tell anyone", "nevienam nestāstiet". */
  'secrecy',
  /** "My mother is in hospital", "you'll be responsible if I lose everything". */
  'emotional_leverage',
  /** The "safe account" script: move the money somewhere safe. */
  'safe_account',
  /** An attempt to manipulate an AI agent: instruction overrides, role-play, the system prompt, other customers' data. */
  'prompt_injection',
  /** Customer turns arriving at machine-regular intervals (messages with times only). */
  'machine_timing',
] as const;
export type FraudSignalKind = (typeof FRAUD_SIGNAL_KINDS)[number];

/** The high-risk requests, each with its own weight. */
export const HIGH_RISK_REQUESTS = [
  'contact_change',
  'new_payee',
  'credential_reset',
  'card_reissue',
  'money_transfer',
] as const;
export type HighRiskRequest = (typeof HIGH_RISK_REQUESTS)[number];

/** What a weight is given for: every signal kind but high_risk_request, and each request. */
export const FRAUD_WEIGHT_KEYS = [
  ...FRAUD_SIGNAL_KINDS.filter((k) => k !== 'high_risk_request'),
  ...HIGH_RISK_REQUESTS,
] as const;
export type FraudWeightKey = Exclude<FraudSignalKind, 'high_risk_request'> | HighRiskRequest;

/**
 * Phrase lists of the configuration: the language cues and requests, plus two that are context,
 * not signals — `protective` (the customer protects their own account: "block my card, it was
 * stolen") and `identity_verified` (the agent says identity was checked).
 */
export const FRAUD_PHRASE_KEYS = [
  'urgency',
  'authority',
  'secrecy',
  'emotional_leverage',
  'safe_account',
  'prompt_injection',
  ...HIGH_RISK_REQUESTS,
  'protective',
  'identity_verified',
  'reported_speech',
] as const;
export type FraudPhraseKey = (typeof FRAUD_PHRASE_KEYS)[number];

export interface FraudSignal {
  kind: FraudSignalKind;
  /** The request for high_risk_request, else the kind again: with the kind, one signal per key. */
  key: string;
  /** 0–100: the risk this signal alone makes, after context (verification, reported speech). */
  weight: number;
  /** Why, in a sentence. */
  reason: string;
  /**
   * Indexes into the analyzer output's `evidence` (each a message index with [start, end) offsets).
   * Empty for signals from metadata or timing: they have no words to point at.
   */
  evidence: number[];
}

export interface FraudResult {
  /** Version of the fraud configuration that made this result. */
  configVersion: string;
  /** 0–100. */
  risk: number;
  /** The threshold in force: risk ≥ threshold raises a flag. */
  threshold: number;
  flagged: boolean;
  /** From the risk (see fraudSeverity); null below the threshold. */
  severity: Severity | null;
  /** Whether identity was verified before the first high-risk request; null without one. */
  verifiedBeforeRequest: boolean | null;
  /** Strongest first. */
  signals: FraudSignal[];
}

const phrase = z.string().trim().min(1, 'a phrase cannot be empty').max(200);
const weight = z.number().min(0).max(100);

export const fraudConfigSchema = z.strictObject({
  version: z.string().max(100).default('0'),
  /** Risk at or above this raises a flag. */
  threshold: z.number().int().min(1).max(100).default(60),
  /** A high-risk request after identity was verified weighs this share of its weight. */
  verifiedFactor: z.number().min(0).max(1).default(0.3),
  /** Language cues the customer reports others saying ("they told me to…") weigh this share. */
  reportedFactor: z.number().min(0).max(1).default(0.5),
  /** Urgency with no high-risk request and no other cue weighs this share (pressure needs a target). */
  aloneUrgencyFactor: z.number().min(0).max(1).default(0.5),
  /** voice.syntheticSpeechScore at or above this is a signal. */
  syntheticSpeechFrom: z.number().min(0).max(1).default(0.6),
  /** voice.livenessScore at or below this is a signal. */
  livenessBelow: z.number().min(0).max(1).default(0.4),
  /** Customer turn gaps whose coefficient of variation is below this look machine-made (needs 4 gaps). */
  timingVariationBelow: z.number().min(0).max(1).default(0.08),
  weights: z.strictObject(
    Object.fromEntries(FRAUD_WEIGHT_KEYS.map((k) => [k, weight])) as Record<FraudWeightKey, typeof weight>,
  ),
  phrases: z.strictObject(
    Object.fromEntries(FRAUD_PHRASE_KEYS.map((k) => [k, z.array(phrase).max(300)])) as Record<
      FraudPhraseKey,
      z.ZodArray<typeof phrase>
    >,
  ),
});
export type FraudConfig = z.output<typeof fraudConfigSchema>;

/** Severity of a fraud flag from its risk. */
export function fraudSeverity(risk: number): Severity {
  if (risk >= 90) return 'critical';
  if (risk >= 75) return 'high';
  if (risk >= 50) return 'medium';
  return 'low';
}

/** The flag rule a fraud flag is raised under (one per conversation). */
export const FRAUD_FLAG_RULE = 'fraud.risk';

/** A conversation in the fraud view's riskiest list (`GET /api/v1/fraud/conversations`). */
export interface FraudConversation {
  conversationId: string;
  externalId: string;
  channel: string;
  team: string | null;
  endedAt: string;
  risk: number;
  flagged: boolean;
  /** The strongest signals' reasons, strongest first. */
  signals: Array<Pick<FraudSignal, 'kind' | 'key' | 'weight' | 'reason'>>;
}

/** Risk over time for the fraud view: per hour, conversations scored, mean and highest risk, flagged. */
export interface FraudTrendPoint {
  t: string;
  conversations: number;
  meanRisk: number;
  maxRisk: number;
  flagged: number;
}

export interface FraudOverview {
  since: string;
  threshold: number;
  trend: FraudTrendPoint[];
  conversations: FraudConversation[];
}
