import type { EngineConfig } from '@vigil/contracts';
import type { QaScorecard } from '@vigil/contracts';
import type { TopicTaxonomy } from '@vigil/contracts';
import scorecard from './default-scorecard.json';
import taxonomy from './default-taxonomy.json';

/**
 * The configuration Vigil ships with: a general customer-service taxonomy and QA scorecard. It is
 * the engine's first stored version, and what `vigil score` uses without --config.
 */
export const DEFAULT_TAXONOMY = taxonomy as TopicTaxonomy;
export const DEFAULT_SCORECARD = scorecard as QaScorecard;
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  topics: { taxonomy: DEFAULT_TAXONOMY },
  scorecard: DEFAULT_SCORECARD,
};
