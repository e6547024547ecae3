import { validateConversation, type Conversation, type ConversationInput } from '@vigil/contracts';
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

/** `n` of the generator's conversations as the API stores them (validated and normalised). */
export function validConversations(generator: Generator, n: number): Conversation[] {
  const conversations: Conversation[] = [];
  while (conversations.length < n) {
    const result = validateConversation(generator.next());
    if (result.ok) conversations.push(result.value);
  }
  return conversations;
}
