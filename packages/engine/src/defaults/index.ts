import type { EngineConfig } from '@vigil/contracts';
import type { PolicyDocument, QaScorecard } from '@vigil/contracts';
import { fraudConfigSchema, policyDocumentSchema, type FraudConfig } from '@vigil/contracts';
import policies from './default-policies.json';
import fraud from './default-fraud.json';
import type { TopicTaxonomy } from '@vigil/contracts';
import scorecard from './default-scorecard.json';
import taxonomy from './default-taxonomy.json';

/**
 * The configuration Vigil ships with: a general customer-service taxonomy, QA scorecard and
 * compliance policies. It is
 * the engine's first stored version, and what `vigil score` uses without --config.
 */
export const DEFAULT_TAXONOMY = taxonomy as TopicTaxonomy;
export const DEFAULT_SCORECARD = scorecard as QaScorecard;
/** Parsed through the schema, so the shipped file is held to the same rules as an admin's edit. */
export const DEFAULT_POLICIES: PolicyDocument = policyDocumentSchema.parse(policies);
/** The fraud weights, threshold and phrases, held to the schema like the policies. */
export const DEFAULT_FRAUD: FraudConfig = fraudConfigSchema.parse(fraud);
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  topics: { taxonomy: DEFAULT_TAXONOMY },
  scorecard: DEFAULT_SCORECARD,
  policies: DEFAULT_POLICIES,
  fraud: DEFAULT_FRAUD,
};
