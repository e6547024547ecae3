import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { EngineConfig1764010000000 } from './1764010000000-engine-config';
import { QualityRollups1764020000000 } from './1764020000000-quality-rollups';

/** In order. Generated or hand-written, always reviewed; only the API runs them. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  EngineConfig1764010000000,
  QualityRollups1764020000000,
];
