import type { Conversation, OutlierMetric } from '@vigil/contracts';

/** What a conversation measures on each outlier metric; null where it cannot be told (silence without message times). */
export type ConversationMeasures = Record<OutlierMetric, number | null>;

/**
 * Handle time (seconds from start to end), the longest silence (seconds, the largest gap between
 * consecutive message times; null unless at least two messages carry a time), transfers (how often
 * the answering agent changes) and the message count.
 */
export function measureConversation(c: Conversation): ConversationMeasures {
  return {
    handle_time: Math.max(0, (Date.parse(c.endedAt) - Date.parse(c.startedAt)) / 1000),
    silence: longestSilence(c),
    transfers: transfers(c),
    messages: c.messages.length,
  };
}

function longestSilence(c: Conversation): number | null {
  const times: number[] = [];
  for (const m of c.messages) if (m.at) times.push(Date.parse(m.at));
  if (times.length < 2) return null;
  // Sorted: an integration that posts messages slightly out of order must not make a gap negative.
  times.sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest / 1000;
}

/**
 * Changes of the answering side's author (agent and bot messages: an AI agent handing over to a
 * person is a transfer too, as the agents list counts it). Without per-message authors, every agent
 * after the first is taken as one transfer.
 */
function transfers(c: Conversation): number {
  let changes = 0;
  let current: string | undefined;
  for (const m of c.messages) {
    if ((m.role !== 'agent' && m.role !== 'bot') || !m.authorId) continue;
    if (current !== undefined && m.authorId !== current) changes += 1;
    current = m.authorId;
  }
  return current === undefined ? Math.max(0, c.agents.length - 1) : changes;
}
