import type {
  AnalyzerOutput,
  ConversationScores,
  Evidence,
  EvidenceKind,
  FraudResult,
  QaResult,
  TopicsResult,
} from '@vigil/contracts';
import { formatVersion } from './format';

/**
 * A message's text cut into plain and highlighted segments by its evidence spans.
 * Rendering segments as text nodes (never as HTML) keeps untrusted conversation text inert.
 */
export interface TextSegment {
  text: string;
  /** Evidence covering this segment; empty for plain text. Overlapping spans share a segment. */
  evidence: Evidence[];
}

export function segmentText(text: string, evidence: readonly Evidence[]): TextSegment[] {
  const spans = evidence
    .map((e) => ({ e, start: clamp(e.start, text.length), end: clamp(e.end, text.length) }))
    .filter((s) => s.end > s.start);
  if (spans.length === 0) return text ? [{ text, evidence: [] }] : [];

  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (to <= from) continue;
    const covering = spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.e);
    const previous = segments[segments.length - 1];
    if (previous && previous.evidence.length === 0 && covering.length === 0)
      previous.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), evidence: covering });
  }
  return segments;
}

function clamp(value: number, length: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(Math.max(Math.trunc(value), 0), length);
}

/** "rule lexicon.anger.furious v2", "rule qa.closing default-2026-01". */
export function ruleLabel(e: Evidence): string {
  if (!e.ruleVersion) return `rule ${e.ruleId}`;
  return `rule ${e.ruleId} ${formatVersion(e.ruleVersion)}`;
}

/** "anger · rule lexicon.anger.furious v2" */
export function describeEvidence(e: Evidence): string {
  return e.signal ? `${e.signal} · ${ruleLabel(e)}` : ruleLabel(e);
}

export type EvidenceTone = 'positive' | 'negative' | 'other';

const POSITIVE_EMOTIONS = new Set(['gratitude']);
const NEGATIVE_EMOTIONS = new Set(['anger', 'frustration', 'disappointment']);

/**
 * How a highlight is coloured: sentiment evidence by what it counts towards (a positive or negative
 * word, an emotion, an escalation or churn intent); topic, QA and other evidence in the one neutral colour.
 */
export function evidenceTone(list: readonly Evidence[]): EvidenceTone {
  const target = list[0]?.target;
  switch (target?.kind) {
    case 'sentiment':
      return target.key === 'positive' ? 'positive' : 'negative';
    case 'intent':
      return 'negative';
    case 'emotion':
      return POSITIVE_EMOTIONS.has(target.key)
        ? 'positive'
        : NEGATIVE_EMOTIONS.has(target.key)
          ? 'negative'
          : 'other';
    default:
      return 'other';
  }
}

/** Group evidence by the message it points into. */
export function evidenceByMessage(evidence: readonly Evidence[]): Map<number, Evidence[]> {
  const map = new Map<number, Evidence[]>();
  for (const e of evidence) {
    const list = map.get(e.messageIndex);
    if (list) list.push(e);
    else map.set(e.messageIndex, [e]);
  }
  return map;
}

// ---- scores and their evidence ------------------------------------------------------------------

/** A score the reader can pick to see the words behind it: customer sentiment, one topic, one criterion. */
export interface ScoreEvidence {
  /** "sentiment", "topic:<key>" or "qa:<criterion key>". */
  id: string;
  /** In product words, e.g. "Topic · Charged twice". */
  label: string;
  evidence: Evidence[];
}

export const SENTIMENT_SCORE = 'sentiment';

export function topicScoreId(key: string): string {
  return `topic:${key}`;
}

export function criterionScoreId(key: string): string {
  return `qa:${key}`;
}

/** The evidence of one target, e.g. of the topic "billing.refund" or the criterion "greeting". */
function evidenceOf(
  output: AnalyzerOutput<unknown> | undefined,
  kind: EvidenceKind,
  key: string,
): Evidence[] {
  return output?.evidence.filter((e) => e.target.kind === kind && e.target.key === key) ?? [];
}

export function topicEvidence(output: AnalyzerOutput<TopicsResult> | undefined, key: string): Evidence[] {
  return evidenceOf(output, 'topic', key);
}

export function criterionEvidence(output: AnalyzerOutput<QaResult> | undefined, key: string): Evidence[] {
  return evidenceOf(output, 'criterion', key);
}

export function fraudScoreId(key: string): string {
  return `fraud:${key}`;
}

/** The evidence of one fraud signal (its indexes into the output's evidence). */
export function fraudSignalEvidence(
  output: AnalyzerOutput<FraudResult> | undefined,
  key: string,
): Evidence[] {
  const signal = output?.result.signals.find((s) => s.key === key);
  return signal?.evidence.flatMap((i) => output?.evidence[i] ?? []) ?? [];
}

/** Every pickable score of a conversation by id; sentiment is always there (maybe without evidence). */
export function scoresWithEvidence(scores: ConversationScores | undefined): Map<string, ScoreEvidence> {
  const map = new Map<string, ScoreEvidence>();
  map.set(SENTIMENT_SCORE, {
    id: SENTIMENT_SCORE,
    label: 'Customer sentiment',
    evidence: scores?.sentiment?.evidence ?? [],
  });
  for (const t of scores?.topics?.result.topics ?? []) {
    const id = topicScoreId(t.key);
    map.set(id, { id, label: `Topic · ${t.label}`, evidence: topicEvidence(scores?.topics, t.key) });
  }
  for (const c of scores?.qa?.result.criteria ?? []) {
    const id = criterionScoreId(c.key);
    map.set(id, { id, label: `QA · ${c.label}`, evidence: criterionEvidence(scores?.qa, c.key) });
  }
  for (const s of scores?.fraud?.result.signals ?? []) {
    const id = fraudScoreId(s.key);
    map.set(id, { id, label: `Fraud · ${s.reason}`, evidence: fraudSignalEvidence(scores?.fraud, s.key) });
  }
  return map;
}

/** "1 passage", "3 passages". */
export function passages(count: number): string {
  return `${count} passage${count === 1 ? '' : 's'}`;
}
