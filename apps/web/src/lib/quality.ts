import type { ConversationAgent, Emotion, TopicTrend } from '@vigil/contracts';

/** QA scores, emotions and topic trends as the dashboard shows them, and links to topics and agents. */

export function topicHref(key: string): string {
  return `/topics/${encodeURIComponent(key)}`;
}

export function agentHref(id: string): string {
  return `/agents/${encodeURIComponent(id)}`;
}

/**
 * An agent as pages show them: the name (else the id), marked "(AI)" for AI agents unless the
 * integration's name already says so ("Iris (AI)" stays "Iris (AI)", not "Iris (AI) (AI)").
 */
export function agentLabel(agent: Pick<ConversationAgent, 'id' | 'name' | 'kind'>): string {
  const name = agent.name?.trim() || agent.id;
  return agent.kind === 'ai' && !/\(AI\)\s*$/i.test(name) ? `${name} (AI)` : name;
}

/** The agents of a list row by id, with the names posted where there are any. */
export function rowAgents(row: {
  agentIds: string[];
  agents?: ConversationAgent[];
}): { id: string; label: string }[] {
  const byId = new Map((row.agents ?? []).map((a) => [a.id, a]));
  return row.agentIds.map((id) => {
    const agent = byId.get(id);
    return { id, label: agent ? agentLabel(agent) : id };
  });
}

/** A QA score (0–100) as a whole number: "82". */
export function formatQaScore(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : String(Math.round(value));
}

export type QaTone = 'positive' | 'warning' | 'negative' | 'none';

/** The same bands as the conversation's QA scorecard. */
export function qaTone(value: number | null | undefined): QaTone {
  if (value == null || !Number.isFinite(value)) return 'none';
  if (value >= 80) return 'positive';
  return value >= 60 ? 'warning' : 'negative';
}

/** Emotions in the order they are shown: the troubling ones first, gratitude last. */
export const EMOTION_ORDER: readonly Emotion[] = [
  'frustration',
  'anger',
  'disappointment',
  'urgency',
  'confusion',
  'gratitude',
];

export const EMOTION_LABELS: Record<Emotion, string> = {
  frustration: 'Frustration',
  anger: 'Anger',
  disappointment: 'Disappointment',
  urgency: 'Urgency',
  confusion: 'Confusion',
  gratitude: 'Gratitude',
};

/** A topic must have at least this many conversations in the window to count as growing. */
export const GROWING_MIN_CONVERSATIONS = 3;

export function topTopics(topics: TopicTrend[], limit = 6): TopicTrend[] {
  return [...topics]
    .filter((t) => t.conversations > 0)
    .sort((a, b) => b.conversations - a.conversations || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/**
 * Topics with more conversations than in the window before, fastest first. A topic that is new in
 * this window (no growth figure) ranks above any growth; ties go to the bigger topic.
 */
export function growingTopics(topics: TopicTrend[], limit = 6): TopicTrend[] {
  const rank = (t: TopicTrend) => t.growth ?? Number.POSITIVE_INFINITY;
  return topics
    .filter((t) => t.conversations >= GROWING_MIN_CONVERSATIONS && (t.growth === null || t.growth > 1))
    .sort((a, b) => rank(b) - rank(a) || b.conversations - a.conversations || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/** Growth against the window before as a change: "+150%"; a topic new in the window is "new". */
export function formatGrowth(growth: number | null): string {
  if (growth === null) return 'new';
  const change = Math.round((growth - 1) * 100);
  return `${change >= 0 ? '+' : '−'}${Math.abs(change)}%`;
}
