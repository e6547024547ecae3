import type { ConversationInput } from '@vigil/contracts';
import { conversation } from './client';

const at = (start: number, seconds: number) => new Date(start + seconds * 1000).toISOString();

/**
 * An everyday chat for per-conversation outlier tests: 3–5 messages 40–90 s apart, one agent,
 * 400–700 s from start to end; deterministic in `i`, so every run judges the same figures.
 */
export function ordinaryChat(i: number, team = 'billing'): ConversationInput {
  const start = Date.now() - 3 * 3600_000 + i * 60_000;
  const count = 3 + (i % 3);
  const gap = 40 + ((i * 13) % 50);
  return conversation({
    team,
    channel: 'chat',
    startedAt: at(start, 0),
    endedAt: at(start, 400 + ((i * 37) % 300)),
    messages: Array.from({ length: count }, (_, k) =>
      k % 2
        ? {
            role: 'agent' as const,
            authorId: 'a-17',
            at: at(start, k * gap),
            text: 'Let me check that for you.',
          }
        : { role: 'customer' as const, at: at(start, k * gap), text: 'My card payment did not go through.' },
    ),
  });
}

/** Like an ordinary chat in every way but one: left open for 48 minutes from its start. */
export function chatLeftOpen(team: string): ConversationInput {
  const base = ordinaryChat(7, team);
  return {
    ...base,
    externalId: `${base.externalId}-open`,
    endedAt: at(Date.parse(base.startedAt), 48 * 60),
  };
}
