import {
  type AnalyzerOutput,
  type CustomerSignal,
  type EvidenceTarget,
  EMOTION_PRESENT,
  type Conversation,
  EMOTIONS,
  type Emotion,
  type Evidence,
  type MessageRole,
  type MessageSentiment,
  type SentimentResult,
  type SpeakerSentiment,
} from '@vigil/contracts';
import type { Analyzer } from '../analyzer';
import { detectLanguage } from '../language';
import { RULE_VERSION, scoreText } from './score-text';

export { scoreText } from './score-text';
export type { TextScore, TextEvidence } from './score-text';

/** Bumped whenever rules, lexicons or the model change, so stored scores can be recomputed. */
export const SENTIMENT_ANALYZER_VERSION = `1.0.${RULE_VERSION}`;

/** The smallest change of customer polarity between two opinionated turns that counts as a turn. */
const TURN_MIN = 0.5;
/**
 * A customer turn takes part in the trajectory when its polarity is at least this strong: a bare
 * "ok" or "sure" (about 0.13) carries a little valence but is an acknowledgement, not a mood.
 */
const TRAJECTORY_MIN = 0.2;
/** Evidence kept per conversation (a 2,000-message conversation should not carry 10,000 spans). */
const MAX_EVIDENCE = 300;

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** What a sentiment cue counts towards: the message's polarity, an emotion, or an intent. */
function targetOf(signal: string): EvidenceTarget {
  if (signal === 'positive' || signal === 'negative') return { kind: 'sentiment', key: signal };
  if (signal === 'escalation' || signal === 'churn') return { kind: 'intent', key: signal };
  return { kind: 'emotion', key: signal };
}

export const sentimentAnalyzer: Analyzer<'sentiment', undefined> = {
  name: 'sentiment',
  version: SENTIMENT_ANALYZER_VERSION,
  dependsOn: [],
  configFrom: () => undefined,
  rollupFacts(result) {
    const signals: CustomerSignal[] = [];
    if (result.escalationRequested) signals.push('escalation');
    if (result.churnIntent) signals.push('churn');
    for (const emotion of EMOTIONS)
      if ((result.emotions[emotion] ?? 0) >= EMOTION_PRESENT) signals.push(emotion);
    return { customerSentiment: result.customer.overall, signals };
  },
  analyze(conversation: Conversation, context): AnalyzerOutput<SentimentResult> {
    const language = context.language || detectLanguage(conversation.messages.map((m) => m.text));
    const messages: MessageSentiment[] = [];
    const evidence: Evidence[] = [];
    const sums = new Map<MessageRole, { sum: number; opinionated: number; messages: number }>();
    const customerTurns: Array<{ index: number; polarity: number }> = [];
    const emotions: Record<Emotion, number> = {
      frustration: 0,
      anger: 0,
      urgency: 0,
      confusion: 0,
      gratitude: 0,
      disappointment: 0,
    };
    let escalationRequested = false;
    let churnIntent = false;

    conversation.messages.forEach((message, index) => {
      const score = scoreText(message.text, language);
      const isCustomer = message.role === 'customer';
      messages.push({ index, role: message.role, polarity: round(score.polarity), emotions: score.emotions });

      const speaker = sums.get(message.role) ?? { sum: 0, opinionated: 0, messages: 0 };
      speaker.messages++;
      if (score.opinionated && score.polarity !== 0) {
        speaker.sum += score.polarity;
        speaker.opinionated++;
        if (isCustomer && Math.abs(score.polarity) >= TRAJECTORY_MIN)
          customerTurns.push({ index, polarity: score.polarity });
      }
      sums.set(message.role, speaker);

      if (isCustomer) {
        for (const emotion of EMOTIONS) {
          const v = score.emotions[emotion];
          if (v !== undefined && v > emotions[emotion]) emotions[emotion] = v;
        }
        escalationRequested ||= score.escalation;
        churnIntent ||= score.churn;
      }
      for (const e of score.evidence) {
        if (evidence.length >= MAX_EVIDENCE) break;
        // emotions, escalation and churn are the customer's; an agent offering a supervisor is not a request
        if (!isCustomer && e.signal !== 'positive' && e.signal !== 'negative') continue;
        // written out (span() makes every piece, in this order): a spread was a slow copy here
        evidence.push({
          messageIndex: index,
          start: e.start,
          end: e.end,
          quote: e.quote,
          ruleId: e.ruleId,
          ruleVersion: e.ruleVersion,
          signal: e.signal,
          target: targetOf(e.signal),
        });
      }
    });

    const speakers: Partial<Record<MessageRole, SpeakerSentiment>> = {};
    for (const [role, s] of sums) {
      speakers[role] = { polarity: s.opinionated ? round(s.sum / s.opinionated) : 0, messages: s.messages };
    }

    const missing: string[] = [];
    if (!conversation.messages.some((m) => m.role === 'customer')) missing.push('messages.customer');

    return {
      analyzer: 'sentiment',
      version: SENTIMENT_ANALYZER_VERSION,
      result: {
        messages,
        speakers,
        customer: trajectory(customerTurns),
        emotions,
        escalationRequested,
        churnIntent,
      },
      evidence,
      missing,
    };
  },
};

/**
 * The customer's mood over the conversation. `overall` is a recency-weighted mean of the opinionated
 * customer turns (the last turn weighs twice the first): how a customer leaves matters more than how
 * they arrived, but one closing "thanks" should not erase a bad conversation.
 */
export function trajectory(
  turns: ReadonlyArray<{ index: number; polarity: number }>,
): SentimentResult['customer'] {
  if (turns.length === 0) return { start: null, end: null, turningPoint: null, overall: null };
  let weighted = 0;
  let weights = 0;
  turns.forEach((t, k) => {
    const w = turns.length === 1 ? 1 : 1 + k / (turns.length - 1);
    weighted += w * t.polarity;
    weights += w;
  });
  let turningPoint: number | null = null;
  let sharpest = TURN_MIN;
  for (let k = 1; k < turns.length; k++) {
    const change = Math.abs(turns[k]!.polarity - turns[k - 1]!.polarity);
    if (change >= sharpest) {
      sharpest = change;
      turningPoint = turns[k]!.index;
    }
  }
  return {
    start: round(turns[0]!.polarity),
    end: round(turns[turns.length - 1]!.polarity),
    turningPoint,
    overall: round(weighted / weights),
  };
}
