import type { ConversationInput } from '@vigil/contracts';
import {
  ConversationGenerator,
  defaultDatasetsDir,
  loadPhraseSources,
  type PhraseSources,
} from '@vigil/simulator';

/** The bench uses the simulator's generator, so there is one generator in the repository. */
export interface Generator {
  next(options?: { now?: number }): ConversationInput;
}

let phrases: PhraseSources | undefined;

export function createGenerator(root: string, seed: string, runId: string): Generator {
  phrases ??= loadPhraseSources(defaultDatasetsDir(root));
  return new ConversationGenerator({ seed, runId, source: 'bench', phrases });
}
