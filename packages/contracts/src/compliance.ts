import { z } from 'zod';
import { CHANNELS, ROLES, type MessageRole } from './conversation.schema';

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

// ---- policies: the compliance analyzer's configuration ------------------------------------------

/**
 * The policy document: versioned configuration like the taxonomy and scorecard (its `version` is
 * stamped with the stored configuration version and reported as each violation's `ruleVersion`).
 * Phrases are matched on word stems, in any order within a short window, with filler words and
 * contractions allowed and negation honoured ("I can't guarantee" is not a guarantee); see
 * packages/engine/src/compliance.
 */
const ruleKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, ".", "_" or "-", at most 100');
const policyPhrase = z.string().trim().min(1, 'a phrase cannot be empty').max(200);
const phraseList = z.array(policyPhrase).max(200);
/** Who said (or wrote) it. */
const roles = z.array(z.enum(ROLES)).max(ROLES.length);

const ruleBase = {
  key: ruleKey,
  label: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  severity: z.enum(SEVERITIES),
  /** False keeps the rule in the document without checking it. */
  enabled: z.boolean().default(true),
  /** Channels the rule applies in; empty: every channel. */
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
  /** Teams the rule applies to; empty: every team (and conversations without one). */
  teams: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  /** Language codes ("en", "lv"); empty: every language. */
  languages: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[a-z]{2,3}$/, 'a language code such as "en" or "lv"'),
    )
    .max(50)
    .default([]),
};

export const policyStepSchema = z.strictObject({
  key: ruleKey,
  label: z.string().trim().min(1).max(200),
  phrases: phraseList.min(1, 'a step needs at least one phrase'),
  roles: roles.min(1).default(['agent', 'bot']),
  /** The step counts as done from the start when the platform says the customer is verified (metadata.auth.verified). */
  doneWhenAuthVerified: z.boolean().optional(),
});

export const policyRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...ruleBase,
    kind: z.literal('required_disclosure'),
    /** Any one of these said by the agent (or bot) within the first `withinAgentMessages` of its messages. */
    phrases: phraseList.min(1, 'a disclosure needs at least one phrase'),
    withinAgentMessages: z.number().int().min(1).max(100).default(3),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('prohibited_phrase'),
    phrases: phraseList.min(1, 'a prohibited phrase rule needs at least one phrase'),
    /** Who must not say it: the agent and bot by default; add "customer" where it matters. */
    roles: roles.min(1).default(['agent', 'bot']),
    /** Phrases that, said in the same sentence, make a match harmless. */
    exceptPhrases: phraseList.default([]),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('ordered_steps'),
    /** Each step must have happened before any later one does. */
    steps: z
      .array(policyStepSchema)
      .min(2, 'ordered steps need at least two steps')
      .max(20)
      .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, 'step keys must be unique'),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('sensitive_data_request'),
    /** What must never be asked for ("full card number", "PIN", "password", "one-time code"). */
    items: phraseList.min(1, 'name at least one kind of data'),
    /** Wording of a request ("tell me", "what is your"); empty: the built-in English and Latvian ones. */
    requestPhrases: phraseList.default([]),
    exceptPhrases: phraseList.default([]),
    roles: roles.min(1).default(['agent', 'bot']),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('pii_exposure'),
    /** The kinds of personal data (scores.pii finds) that must not appear. */
    piiTypes: z.array(z.enum(PII_TYPES)).min(1, 'name at least one PII type').max(PII_TYPES.length),
    /** Whose messages: e.g. the customer typing a card number into chat. */
    roles: roles.min(1).default(['customer']),
  }),
]);

export const policyDocumentSchema = z.strictObject({
  version: z.string().max(100).default('0'),
  rules: z
    .array(policyRuleSchema)
    .max(200)
    .refine((rules) => new Set(rules.map((r) => r.key)).size === rules.length, 'rule keys must be unique'),
});

export type PolicyRule = z.output<typeof policyRuleSchema>;
export type PolicyStep = z.output<typeof policyStepSchema>;
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
/** A rule as written (defaults may be left out), e.g. in an imported document. */
export type PolicyRuleInput = z.input<typeof policyRuleSchema>;

/** What the compliance analyzer reads from AnalyzerContext.config. */
export interface ComplianceConfig {
  policies: PolicyDocument;
}
