import type { Conversation } from '@vigil/contracts';

export type Msg = Conversation['messages'][number];

/** A chat conversation as the engine receives it (validated), with these messages: for analyzer specs. */
export function engineConversation(messages: Msg[], extra: Partial<Conversation> = {}): Conversation {
  return {
    externalId: 'c-1',
    source: 'test',
    channel: 'chat',
    startedAt: '2026-01-05T10:00:00Z',
    endedAt: '2026-01-05T10:30:00Z',
    agents: [{ id: 'a-1', name: 'Ilze', kind: 'human' }],
    customer: {},
    metadata: {},
    messages,
    ...extra,
  };
}
