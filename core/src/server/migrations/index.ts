import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** In order. Generated or hand-written, always reviewed; only the API runs them. */
export const MIGRATIONS = [InitialSchema1764000000000];
