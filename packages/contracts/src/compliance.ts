import type { MessageRole } from './conversation.schema';
import type { PolicyDocument } from './policies';

/**
 * The compliance analyzer's result (`scores.compliance`) and the PII analyzer's (`scores.pii`).
 * A violation is what a flag is raised from: the review queue keys flags by conversation and rule,
 * so rescoring updates a flag instead of adding a second one.
 */

/** How serious a violation (and the flag raised from it) is, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The kinds of policy rule. */
export const POLICY_RULE_KINDS = [
  /** A phrase that must appear, said by the agent within the first N agent messages. */
  'required_disclosure',
  /** A phrase or promise that must not be said (by the agent, or by the customer where it matters). */
  'prohibited_phrase',
  /** Steps that must happen in order, e.g. verify identity before changing account details. */
  'ordered_steps',
  /** The agent asks for data it must never ask for: a full card number, PIN, password, one-time code. */
  'sensitive_data_request',
  /** Personal data exposed where it should not be, e.g. a card number typed into chat (from `scores.pii`). */
  'pii_exposure',
] as const;
export type PolicyRuleKind = (typeof POLICY_RULE_KINDS)[number];

export interface PolicyViolation {
  /** The rule's key in the policy document: with the conversation, what identifies a flag. */
  ruleId: string;
  /** The policy document's version that made this violation. */
  ruleVersion: string;
  kind: PolicyRuleKind;
  severity: Severity;
  /** The rule's label, for people. */
  label: string;
  /** Why it is a violation, in a sentence, e.g. "account details changed before identity was verified". */
  reason: string;
  /**
   * Indexes into the analyzer output's `evidence` that show this violation (target
   * `{ kind: 'policy', key: ruleId }`). Empty for a missing disclosure: what is missing has no words.
   */
  evidence: number[];
}

export interface ComplianceResult {
  /** Version of the policy document the conversation was checked against. */
  policyVersion: string;
  /** Rules that applied to this conversation (channel, team, language). */
  rulesChecked: number;
  violations: PolicyViolation[];
  /** The highest severity among the violations, or null when there are none. */
  highestSeverity: Severity | null;
}

/** Kinds of personal data the PII analyzer finds. Evidence `signal` names one of these. */
export const PII_TYPES = [
  'credit_card',
  'iban',
  'national_id',
  'email',
  'phone',
  'ip_address',
  'person',
  'address',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiFind {
  type: PiiType;
  messageIndex: number;
  /** Offsets into that message's text, [start, end). */
  start: number;
  end: number;
  /** Who wrote it: a card number typed by the customer into chat matters to policy. */
  role: MessageRole;
  /** True when the text already holds Vigil's mask for it (stored conversations are masked at ingest). */
  masked: boolean;
}

export interface PiiResult {
  finds: PiiFind[];
  /** How many finds of each type. */
  counts: Partial<Record<PiiType, number>>;
}

/**
 * A conversation's original message texts, as they were before masking, one per message in order
 * (`GET /api/v1/conversations/:id/unredacted`, permission conversations.readUnredacted; every read
 * is audited). Exists only where the operator keeps originals and something was masked.
 */
export interface UnredactedConversation {
  conversationId: string;
  texts: string[];
}

/** What the compliance analyzer reads from AnalyzerContext.config. */
export interface ComplianceConfig {
  policies: PolicyDocument;
}
