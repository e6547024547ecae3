import { z } from 'zod';
import { CHANNELS } from './conversation.schema';
import { MAX_LIMIT_SECONDS, QA_CRITERION_KINDS, type QaScorecard } from './qa';
import type { TopicsConfig } from './topics';
import { policyDocumentSchema, type PolicyDocument } from './policies';
import { fraudConfigSchema, type FraudConfig } from './fraud';

/**
 * The scoring engine's configuration as one document: the topic taxonomy, the QA scorecard and the
 * compliance policies.
 * Stored in Postgres with a version number; every change makes a new version, scores record the
 * version that made them, and the same document is what admins export and import and what
 * `vigil score --config FILE` reads.
 */
export interface EngineConfig {
  topics: TopicsConfig;
  scorecard: QaScorecard;
  policies: PolicyDocument;
  /** The fraud analyzer's weights, threshold and phrases. */
  fraud: FraudConfig;
}

export interface EngineConfigVersion {
  version: number;
  config: EngineConfig;
  createdAt: string;
  /** E-mail of who made this version, or null for the shipped defaults. */
  createdBy: string | null;
  note: string | null;
}

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, ".", "_" or "-", at most 100');
const phrase = z.string().trim().min(1).max(500);
const limitSeconds = z
  .number()
  .int('whole seconds')
  .min(1)
  .max(MAX_LIMIT_SECONDS, `at most ${MAX_LIMIT_SECONDS} seconds (a week)`);

export const topicDefinitionSchema = z.strictObject({
  key,
  label: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  examples: z.array(phrase).max(500).default([]),
  keywords: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
});

export const topicsConfigSchema = z.strictObject({
  taxonomy: z.strictObject({
    version: z.string().max(100).default('0'),
    topics: z
      .array(topicDefinitionSchema)
      .max(500)
      .refine(
        (topics) => new Set(topics.map((t) => t.key)).size === topics.length,
        'topic keys must be unique',
      )
      .refine(
        (topics) => topics.every((t) => t.examples.length + t.keywords.length > 0),
        'every topic needs at least one example or keyword',
      ),
  }),
  options: z
    .strictObject({
      threshold: z.number().min(0).max(1).optional(),
      maxTopics: z.number().int().min(1).max(10).optional(),
      agentFallbackWeight: z.number().min(0).max(1).optional(),
    })
    .optional(),
});

export const scorecardSchema = z.strictObject({
  version: z.string().max(100).default('0'),
  criteria: z
    .array(
      z.strictObject({
        key,
        label: z.string().trim().min(1).max(200),
        weight: z.number().min(0).max(100),
        kind: z.enum(QA_CRITERION_KINDS),
        // Parameters are open (phrase lists and the like); the limits the analyzer does arithmetic
        // with are checked here, so a bad one is refused with its field rather than mis-scoring.
        params: z
          .looseObject({
            maxSeconds: limitSeconds.optional(),
            maxGapSeconds: limitSeconds.optional(),
            limitsByChannel: z.partialRecord(z.enum(CHANNELS), limitSeconds.nullable()).optional(),
          })
          .optional(),
      }),
    )
    .max(100)
    .refine(
      (criteria) => new Set(criteria.map((c) => c.key)).size === criteria.length,
      'criterion keys must be unique',
    ),
});

export const engineConfigSchema = z.object({
  // An exported document carries its version; importing makes a new one, so it is ignored.
  version: z.number().int().optional(),
  topics: topicsConfigSchema,
  scorecard: scorecardSchema,
  // Documents exported before policies existed have none: importing one keeps the policies in force.
  policies: policyDocumentSchema.optional(),
  // Likewise the fraud weights: a document without them keeps those in force.
  fraud: fraudConfigSchema.optional(),
});

/** Stamp a configuration with its stored version, so analyzer results and caches name it. */
export function withVersion(config: EngineConfig, version: number): EngineConfig {
  const v = String(version);
  return {
    topics: { ...config.topics, taxonomy: { ...config.topics.taxonomy, version: v } },
    scorecard: { ...config.scorecard, version: v },
    policies: { ...config.policies, version: v },
    fraud: { ...config.fraud, version: v },
  };
}

// ---- rescoring ----------------------------------------------------------------------------------

export const RESCORE_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RescoreStatus = (typeof RESCORE_STATUSES)[number];

/** A background rescoring of a period with the configuration in force, and how far it has got. */
export interface RescoreRun {
  id: string;
  from: string;
  to: string;
  status: RescoreStatus;
  total: number;
  done: number;
  configVersion: number | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}
