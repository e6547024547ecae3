import { DEFAULT_TAXONOMY } from '../defaults';
import {
  DEFAULT_TOPICS_OPTIONS,
  type AnalyzerOutput,
  type Conversation,
  type EngineConfig,
  type Evidence,
  type TopicAssignment,
  type TopicsConfig,
  type TopicsOptions,
  type TopicsResult,
} from '@vigil/contracts';
import type { Analyzer, AnalyzerContext } from '../analyzer';
import { tokenize } from '../text/tokenize';
import type { SegmentToken } from './features';
import {
  contributions,
  getModel,
  scoreTokens,
  type SegmentScores,
  type TopicModel,
  vectorize,
} from './model';

/** The taxonomy used when none is configured: common service topics, examples in our own words. */
export { DEFAULT_TAXONOMY };

/** Code version; the taxonomy's own version is reported as ruleVersion and taxonomyVersion. */
export const TOPICS_ANALYZER_VERSION = '1.1.0';

/** Long e-mails are cut: the request is almost always at the start. */
const MAX_TOKENS_PER_SEGMENT = 200;
/** Words shown as evidence per assigned topic (besides keyword matches). */
const EVIDENCE_PER_TOPIC = 3;
/** ...and only words contributing at least this share of the strongest word's contribution. */
const EVIDENCE_MIN_SHARE = 0.3;

/** Consecutive messages of one side (customer, or agent/bot) joined: one request often spans several. */
interface Segment {
  tokens: SegmentToken[];
  messages: number[];
  /** A clause of a turn (see clauses()): it may add its own top topic, at a discount. */
  clause?: boolean;
}

function segments(conversation: Conversation, customer: boolean): Segment[] {
  const out: Segment[] = [];
  let current: Segment | null = null;
  conversation.messages.forEach((m, index) => {
    const isCustomer = m.role === 'customer';
    const isStaff = m.role === 'agent' || m.role === 'bot';
    if (isCustomer !== customer || (!isCustomer && !isStaff)) {
      if (isCustomer || isStaff) current = null; // the other side spoke: the turn ends
      return;
    }
    if (current === null) {
      current = { tokens: [], messages: [] };
      out.push(current);
    }
    if (current.tokens.length >= MAX_TOKENS_PER_SEGMENT) return;
    current.messages.push(index);
    for (const t of tokenize(m.text)) {
      if (current.tokens.length >= MAX_TOKENS_PER_SEGMENT) break;
      (t as SegmentToken).message = index;
      current.tokens.push(t);
    }
  });
  return out;
}

const CLAUSE_WORDS = new Set(['and', 'but', 'also', 'plus', 'additionally', 'besides']);
/** Whether . ! ? ; or a newline stands in text[from, to): what ends a sentence between two words. */
function sentenceEndBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return true;
  }
  return false;
}
const MIN_CLAUSE_TOKENS = 3;
const MAX_CLAUSES = 12;
/**
 * A clause's confidence is discounted: fragments are easy to be sure about for the wrong reason, so a
 * clause adds a second topic only when it is clearly about it, and seldom overrides the whole turn.
 */
const CLAUSE_WEIGHT = 0.85;
const CLAUSE_MIN_PROBABILITY = 0.75;
/**
 * ...and only when the whole turn gives that topic some weight too: a turn that really asks two
 * things shares its probability between them, while a clause that only sets the scene ("I made a
 * transfer yesterday.") is about something the whole turn is not.
 */
const CLAUSE_MIN_SUPPORT = 0.15;

/**
 * A turn that asks two things ("I was charged twice, and I also need to change my address") is
 * scored whole and clause by clause: the softmax gives one winner per piece of text, so the pieces
 * are what lets a conversation carry several topics. Clauses end at sentence punctuation, at a
 * message boundary, and before a joining word once the clause has a few words.
 */
function clauses(conversation: Conversation, seg: Segment): Segment[] {
  const t = seg.tokens;
  const cuts: number[] = [0];
  for (let i = 1; i < t.length; i++) {
    const prev = t[i - 1]!;
    const cur = t[i]!;
    const sinceCut = i - cuts[cuts.length - 1]!;
    const boundary =
      prev.message !== cur.message ||
      sentenceEndBetween(conversation.messages[cur.message!]!.text, prev.end, cur.start) ||
      (CLAUSE_WORDS.has(cur.norm) && !CLAUSE_WORDS.has(prev.norm));
    if (boundary && sinceCut >= MIN_CLAUSE_TOKENS && t.length - i >= MIN_CLAUSE_TOKENS) cuts.push(i);
  }
  if (cuts.length < 2) return [];
  return cuts.map((from, j) => {
    const tokens = t.slice(from, cuts[j + 1] ?? t.length);
    return { tokens, messages: [...new Set(tokens.map((x) => x.message!))], clause: true };
  });
}

interface Best {
  confidence: number;
  segment: Segment;
  scores: SegmentScores;
  /** The messages of the segments that reached the threshold (made for the first of them). */
  messages: Set<number> | undefined;
}

function scoreSide(
  conversation: Conversation,
  model: TopicModel,
  turns: Segment[],
  weight: number,
  threshold: number,
): (Best | undefined)[] {
  const best: (Best | undefined)[] = new Array(model.keys.length);
  const segs: Segment[] = [];
  let extra = 0;
  for (const turn of turns) {
    segs.push(turn);
    for (const c of clauses(conversation, turn)) if (extra++ < MAX_CLAUSES) segs.push(c);
  }
  let turnScores: SegmentScores | null = null;
  for (const seg of segs) {
    if (seg.tokens.length === 0) continue;
    const scores = scoreTokens(model, seg.tokens);
    if (!seg.clause) turnScores = scores;
    let top = 0;
    if (seg.clause) {
      for (let k = 1; k < scores.probs.length; k++) if (scores.probs[k]! > scores.probs[top]!) top = k;
      if (scores.probs[top]! < CLAUSE_MIN_PROBABILITY || (turnScores?.probs[top] ?? 0) < CLAUSE_MIN_SUPPORT)
        continue;
    }
    for (let k = 0; k < scores.probs.length; k++) {
      if (seg.clause && k !== top) continue;
      const c = scores.probs[k]! * weight * (seg.clause ? CLAUSE_WEIGHT : 1);
      if (c <= 0) continue;
      let b = best[k];
      if (b === undefined || c > b.confidence) {
        b = { confidence: c, segment: seg, scores, messages: b?.messages };
        best[k] = b;
      }
      if (c >= threshold) for (const m of seg.messages) (b.messages ??= new Set()).add(m);
    }
  }
  return best;
}

function evidenceFor(
  conversation: Conversation,
  model: TopicModel,
  k: number,
  b: Best,
  version: string,
): Evidence[] {
  const key = model.keys[k]!;
  const tokens = b.segment.tokens;
  const ranges: { first: number; last: number; ruleId: string }[] = [];
  const covered = new Array<number>(tokens.length).fill(0);
  for (const h of b.scores.keywordHits) {
    if (h.topic !== k) continue;
    ranges.push({ first: h.first, last: h.last, ruleId: `topics.${key}.keyword` });
    for (let i = h.first; i <= h.last; i++) covered[i] = 1;
  }
  // Spread each feature's contribution to the topic over its words, then show the strongest content
  // words ("not" and "no" count: they can decide; "the" or "my" should not be what is highlighted).
  const perToken = new Array<number>(tokens.length).fill(0);
  const vector = vectorize(model, tokens);
  for (const c of contributions(model, vector, k)) {
    const first = vector.first[c.index]!;
    const last = vector.last[c.index]!;
    // A pair of words counts for its two words only, not for the words between them.
    const pair = vector.pair[c.index]! && last > first;
    const share = c.value / (pair ? 2 : last - first + 1);
    for (let i = first; i <= last; i = pair && i < last ? last : i + 1) {
      const tok = tokens[i]!;
      if (!tok.stop || tok.norm === 'not' || tok.norm === 'no') perToken[i]! += share;
    }
  }
  let strongest = 0;
  for (const v of perToken) if (v > strongest) strongest = v;
  const picked = [...perToken.keys()]
    .filter((i) => perToken[i]! >= strongest * EVIDENCE_MIN_SHARE && perToken[i]! > 0 && !covered[i])
    .sort((x, y) => perToken[y]! - perToken[x]!)
    .slice(0, EVIDENCE_PER_TOPIC)
    .sort((x, y) => x - y);
  for (const i of picked) {
    const prev = ranges[ranges.length - 1];
    if (
      prev &&
      prev.last === i - 1 &&
      !prev.ruleId.endsWith('.keyword') &&
      tokens[i - 1]!.message === tokens[i]!.message
    )
      prev.last = i;
    else ranges.push({ first: i, last: i, ruleId: `topics.${key}` });
  }
  return ranges.map((r) => {
    const a = tokens[r.first]!;
    const z = tokens[r.last]!;
    const messageIndex = a.message!;
    const text = conversation.messages[messageIndex]!.text;
    return {
      messageIndex,
      start: a.start,
      end: z.end,
      quote: text.slice(a.start, z.end),
      ruleId: r.ruleId,
      ruleVersion: version,
      target: { kind: 'topic', key },
    };
  });
}

export class TopicsAnalyzer implements Analyzer<'topics', TopicsConfig | undefined> {
  readonly name = 'topics' as const;
  readonly version = TOPICS_ANALYZER_VERSION;
  readonly dependsOn = [];

  configFrom(config: EngineConfig): TopicsConfig {
    return config.topics;
  }

  rollupFacts(result: TopicsResult) {
    return { topics: result.topics.map((t) => t.key) };
  }

  analyze(
    conversation: Conversation,
    context: AnalyzerContext<TopicsConfig | undefined>,
  ): AnalyzerOutput<TopicsResult> {
    const taxonomy = context.config?.taxonomy ?? DEFAULT_TAXONOMY;
    const options: TopicsOptions = { ...DEFAULT_TOPICS_OPTIONS, ...context.config?.options };
    const model = getModel(taxonomy);
    const missing: string[] = [];

    const customerSegs = segments(conversation, true);
    if (customerSegs.length === 0) missing.push('messages[role=customer]');
    let best = scoreSide(conversation, model, customerSegs, 1, options.threshold);
    const passes = (bs: (Best | undefined)[]) =>
      bs.some((b) => b !== undefined && b.confidence >= options.threshold);
    if (!passes(best) && options.agentFallbackWeight > 0) {
      const staff = scoreSide(
        conversation,
        model,
        segments(conversation, false),
        options.agentFallbackWeight,
        options.threshold,
      );
      if (passes(staff)) best = staff;
    }

    let top: { key: string; confidence: number } | null = null;
    const assigned: { k: number; b: Best }[] = [];
    best.forEach((b, k) => {
      if (b === undefined) return;
      if (top === null || b.confidence > top.confidence)
        top = { key: model.keys[k]!, confidence: round(b.confidence) };
      if (b.confidence >= options.threshold) assigned.push({ k, b });
    });
    assigned.sort((x, y) => y.b.confidence - x.b.confidence);
    assigned.length = Math.min(assigned.length, Math.max(0, options.maxTopics));

    const topics: TopicAssignment[] = assigned.map(({ k, b }) => ({
      key: model.keys[k]!,
      label: model.labels[k]!,
      confidence: round(b.confidence),
      messageIndices: [...(b.messages ?? [])].sort((x, y) => x - y),
    }));
    const evidence = assigned.flatMap(({ k, b }) => evidenceFor(conversation, model, k, b, taxonomy.version));

    return {
      analyzer: this.name,
      version: this.version,
      result: {
        taxonomyVersion: taxonomy.version,
        topics,
        primary: topics[0]?.key ?? null,
        none: topics.length === 0,
        best: top,
      },
      evidence,
      missing,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const topicsAnalyzer = new TopicsAnalyzer();
