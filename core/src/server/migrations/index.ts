import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { EngineConfig1764010000000 } from './1764010000000-engine-config';

/** In order. Generated or hand-written, always reviewed; only the API runs them. */
export const MIGRATIONS = [InitialSchema1764000000000, EngineConfig1764010000000];
