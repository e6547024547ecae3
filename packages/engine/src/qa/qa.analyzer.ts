import { DEFAULT_SCORECARD } from '../defaults';
import {
  qaOutcomeKey,
  type AnalyzerOutput,
  type Conversation,
  type EngineConfig,
  type Evidence,
  type Message,
  type QaAgent,
  type QaConfig,
  type QaCriterion,
  type QaCriterionResult,
  type QaOutcome,
  type QaResult,
  type SentimentResult,
} from '@vigil/contracts';
import type { Analyzer, AnalyzerContext } from '../analyzer';
import { type ConversationWords, wordsOf } from '../text/conversation-words';
import {
  CHANGE_CONFIRMED,
  CHANGE_REQUEST,
  CLOSING,
  EMPATHY,
  GREETING,
  RESOLUTION_CHECK,
  SOLUTION,
  UPSET,
  VERIFY_REQUEST,
  findCue,
  phraseMatcher,
  type CueMatch,
} from './cues';

/** The scorecard used when none is configured. */
export { DEFAULT_SCORECARD };

// 1.1.0: timing limits per channel (params.limitsByChannel).
export const QA_ANALYZER_VERSION = '1.1.0';

/** Timing evidence quotes the start of the message that ended the wait, this long at most. */
const TIMING_QUOTE_CHARS = 80;

const isStaff = (m: Message) => m.role === 'agent' || m.role === 'bot';

/** What every criterion sees: the conversation with its staff messages and agents resolved once. */
interface Scope {
  conversation: Conversation;
  staff: number[];
  customer: number[];
  /** Accountable agent per message index (by authorId, or the only listed agent). */
  authorOf: (index: number) => string | undefined;
  upsetAt?: number[];
  version: string;
  /** The messages' times, parsed once per scoring pass. */
  words: ConversationWords;
}

/** A criterion's evidence before the analyzer names its target and rule. */
type CriterionEvidence = Omit<Evidence, 'target' | 'ruleId' | 'ruleVersion' | 'signal'> & { signal: string };

interface Judgement {
  outcome: QaOutcome;
  reason: string;
  agentId?: string;
  seconds?: number;
  evidence: CriterionEvidence[];
  missing?: string;
}

function span(s: Scope, index: number, m: CueMatch, signal: string): CriterionEvidence {
  const text = s.conversation.messages[index]!.text;
  return { messageIndex: index, start: m.start, end: m.end, quote: text.slice(m.start, m.end), signal };
}

function messageSpan(s: Scope, index: number, signal: string): CriterionEvidence {
  const text = s.conversation.messages[index]!.text;
  let end = Math.min(text.length, TIMING_QUOTE_CHARS);
  // Never cut an emoji (a surrogate pair) in half: the quote must stay valid text.
  if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return { messageIndex: index, start: 0, end, quote: text.slice(0, end), signal };
}

function firstCue(
  s: Scope,
  indices: readonly number[],
  builtIn: RegExp | null,
  extra: RegExp | null,
): { index: number; m: CueMatch } | null {
  for (const index of indices) {
    const m = findCue(s.conversation.messages[index]!.text, builtIn, extra);
    if (m) return { index, m };
  }
  return null;
}

const na = (reason: string, missing?: string): Judgement => ({
  outcome: 'not_applicable',
  reason,
  evidence: [],
  missing,
});

// ---- criteria -----------------------------------------------------------------------------------

function greeting(s: Scope, c: QaCriterion): Judgement {
  if (s.staff.length === 0) return na('no agent or bot message');
  const first = s.staff.slice(0, Math.max(1, c.params?.firstMessages ?? 1));
  const agentId = s.authorOf(s.staff[0]!);
  const hit = firstCue(s, first, GREETING, phraseMatcher(c.params?.phrases));
  if (hit)
    return {
      outcome: 'met',
      reason: 'the agent greeted the customer',
      agentId,
      evidence: [span(s, hit.index, hit.m, 'greeting')],
    };
  return {
    outcome: 'not_met',
    reason: "the agent's first message has no greeting",
    agentId,
    evidence: [messageSpan(s, s.staff[0]!, 'no_greeting')],
  };
}

function identityVerification(s: Scope, c: QaCriterion): Judgement {
  const p = c.params ?? {};
  const change = firstCue(s, s.customer, CHANGE_REQUEST, phraseMatcher(p.changePhrases));
  if (!change) return na('no request to change account details');
  const after = s.staff.filter((i) => i > change.index);
  const confirm = firstCue(s, after, CHANGE_CONFIRMED, phraseMatcher(p.confirmPhrases));
  const before = confirm ? s.staff.filter((i) => i < confirm.index) : s.staff;
  const verify = firstCue(s, before, VERIFY_REQUEST, phraseMatcher(p.verifyPhrases));
  const evidence = [span(s, change.index, change.m, 'change_request')];
  if (verify) evidence.push(span(s, verify.index, verify.m, 'verification'));
  if (confirm) evidence.push(span(s, confirm.index, confirm.m, 'change_confirmed'));
  const agentId = s.authorOf(confirm?.index ?? verify?.index ?? after[0] ?? -1);
  if (verify) {
    return {
      outcome: 'met',
      reason: confirm
        ? 'identity was verified before the change was confirmed'
        : 'identity verification was asked for',
      agentId,
      evidence,
    };
  }
  if ((p.trustAuthMetadata ?? true) && s.conversation.metadata.auth?.verified === true) {
    return {
      outcome: 'met',
      reason: 'the customer was already verified (metadata.auth.verified)',
      agentId,
      evidence,
    };
  }
  if (confirm) {
    return {
      outcome: 'not_met',
      reason: 'the change was confirmed without asking the customer to verify their identity first',
      agentId,
      evidence,
    };
  }
  return {
    ...na('a change was requested but not confirmed as made, and no verification was asked'),
    evidence,
  };
}

function upsetMessages(s: Scope, c: QaCriterion): { index: number; m: CueMatch | null }[] {
  if (s.upsetAt) {
    return s.upsetAt
      .filter((i) => s.conversation.messages[i]?.role === 'customer')
      .sort((a, b) => a - b)
      .map((index) => ({ index, m: null }));
  }
  const extra = phraseMatcher(c.params?.upsetPhrases);
  const out: { index: number; m: CueMatch | null }[] = [];
  for (const index of s.customer) {
    const m = findCue(s.conversation.messages[index]!.text, UPSET, extra);
    if (m) out.push({ index, m });
  }
  return out;
}

function empathy(s: Scope, c: QaCriterion): Judgement {
  const upset = upsetMessages(s, c);
  if (upset.length === 0) return na('the customer did not appear upset');
  const within = Math.max(1, c.params?.withinAgentMessages ?? 2);
  const extra = phraseMatcher(c.params?.phrases);
  // The first upset moment an agent could still respond to is the one judged.
  for (const u of upset) {
    const replies = s.staff.filter((i) => i > u.index).slice(0, within);
    if (replies.length === 0) continue;
    const upsetEvidence = u.m ? [span(s, u.index, u.m, 'upset')] : [messageSpan(s, u.index, 'upset')];
    const hit = firstCue(s, replies, EMPATHY, extra);
    if (hit) {
      return {
        outcome: 'met',
        reason: 'the agent acknowledged the upset customer',
        agentId: s.authorOf(hit.index),
        evidence: [...upsetEvidence, span(s, hit.index, hit.m, 'empathy')],
      };
    }
    return {
      outcome: 'not_met',
      reason: `no empathy in the ${replies.length === 1 ? 'reply' : `${replies.length} replies`} after the customer became upset`,
      agentId: s.authorOf(replies[0]!),
      evidence: upsetEvidence,
    };
  }
  return na('the customer was upset only after the last agent message');
}

function phraseAnywhere(s: Scope, c: QaCriterion, builtIn: RegExp, what: string, signal: string): Judgement {
  if (s.staff.length === 0) return na('no agent or bot message');
  if (s.customer.length === 0) return na('no customer message');
  const hit = firstCue(s, s.staff, builtIn, phraseMatcher(c.params?.phrases));
  if (hit)
    return {
      outcome: 'met',
      reason: `the agent ${what}`,
      agentId: s.authorOf(hit.index),
      evidence: [span(s, hit.index, hit.m, signal)],
    };
  return { outcome: 'not_met', reason: `the agent never ${what}`, evidence: [] };
}

function closing(s: Scope, c: QaCriterion): Judgement {
  if (s.staff.length === 0) return na('no agent or bot message');
  const last = s.staff.slice(-Math.max(1, c.params?.lastMessages ?? 2)).reverse();
  const lastIndex = s.staff[s.staff.length - 1]!;
  const hit = firstCue(s, last, CLOSING, phraseMatcher(c.params?.phrases));
  if (hit)
    return {
      outcome: 'met',
      reason: 'the agent closed the conversation politely',
      agentId: s.authorOf(hit.index),
      evidence: [span(s, hit.index, hit.m, 'closing')],
    };
  return {
    outcome: 'not_met',
    reason: "the agent's last messages have no thanks or goodbye",
    agentId: s.authorOf(lastIndex),
    evidence: [messageSpan(s, lastIndex, 'no_closing')],
  };
}

/**
 * The limit in seconds for this conversation's channel: its entry in limitsByChannel, else the
 * criterion's single limit, else the built-in one; null when the channel's entry says "not measured".
 */
function limitFor(s: Scope, c: QaCriterion, single: number | undefined, builtIn: number): number | null {
  const byChannel = c.params?.limitsByChannel;
  const channel = s.conversation.channel;
  if (byChannel && Object.hasOwn(byChannel, channel)) return byChannel[channel] ?? null;
  return single ?? builtIn;
}

function firstResponseTime(s: Scope, c: QaCriterion): Judgement {
  const limit = limitFor(s, c, c.params?.maxSeconds, 60);
  if (limit === null) return na(`not measured on ${s.conversation.channel}`);
  const firstCustomer = s.customer[0];
  if (firstCustomer === undefined) return na('no customer message');
  const reply = s.staff.find((i) => i > firstCustomer);
  if (reply === undefined)
    return {
      outcome: 'not_met',
      reason: 'no agent or bot replied to the customer',
      evidence: [messageSpan(s, firstCustomer, 'unanswered')],
    };
  const t0 = s.words.timeOf(firstCustomer);
  const t1 = s.words.timeOf(reply);
  if (t0 === null || t1 === null) return na('timestamps missing', 'messages[].at');
  const seconds = Math.max(0, Math.round((t1 - t0) / 1000));
  const agentId = s.authorOf(reply);
  const evidence = [messageSpan(s, reply, 'first_response')];
  return seconds <= limit
    ? {
        outcome: 'met',
        reason: `first reply after ${seconds} s (limit ${limit} s)`,
        agentId,
        seconds,
        evidence,
      }
    : {
        outcome: 'not_met',
        reason: `first reply after ${seconds} s, over the ${limit} s limit`,
        agentId,
        seconds,
        evidence,
      };
}

function longSilence(s: Scope, c: QaCriterion): Judgement {
  const limit = limitFor(s, c, c.params?.maxGapSeconds, 120);
  if (limit === null) return na(`not measured on ${s.conversation.channel}`);
  const all = c.params?.scope === 'all';
  const msgs = s.conversation.messages;
  let longest = -1;
  let at = -1;
  let pairs = 0;
  let lacking = false;
  for (let i = 1; i < msgs.length; i++) {
    if (!all && !isStaff(msgs[i]!)) continue;
    const a = s.words.timeOf(i - 1);
    const b = s.words.timeOf(i);
    if (a === null || b === null) {
      lacking = true;
      continue;
    }
    pairs++;
    const gap = (b - a) / 1000;
    if (gap > longest) {
      longest = gap;
      at = i;
    }
  }
  if (pairs === 0) return lacking ? na('timestamps missing', 'messages[].at') : na('no gap to measure');
  const seconds = Math.round(longest);
  const agentId = isStaff(msgs[at]!) ? s.authorOf(at) : undefined;
  if (seconds <= limit)
    return {
      outcome: 'met',
      reason: `longest wait ${seconds} s (limit ${limit} s)`,
      agentId,
      seconds,
      evidence: [],
    };
  return {
    outcome: 'not_met',
    reason: `a wait of ${seconds} s, over the ${limit} s limit`,
    agentId,
    seconds,
    evidence: [messageSpan(s, at, 'after_silence')],
  };
}

const CRITERIA: Record<QaCriterion['kind'], (s: Scope, c: QaCriterion) => Judgement> = {
  greeting,
  identity_verification: identityVerification,
  empathy,
  solution_offered: (s, c) => phraseAnywhere(s, c, SOLUTION, 'offered a solution', 'solution'),
  resolution_confirmed: (s, c) =>
    phraseAnywhere(s, c, RESOLUTION_CHECK, 'checked that the issue was resolved', 'resolution_check'),
  closing,
  first_response_time: firstResponseTime,
  long_silence: longSilence,
};

// ---- the analyzer -------------------------------------------------------------------------------

function agentsOf(conversation: Conversation): {
  agents: QaAgent[];
  authorOf: (i: number) => string | undefined;
} {
  const byId = new Map<string, QaAgent>();
  for (const a of conversation.agents) byId.set(a.id, { id: a.id, kind: a.kind, messages: 0 });
  const only = conversation.agents.length === 1 ? conversation.agents[0]!.id : undefined;
  const authors: (string | undefined)[] = conversation.messages.map((m) => {
    if (!isStaff(m)) return undefined;
    const id = m.authorId ?? only;
    if (id === undefined) return undefined;
    let a = byId.get(id);
    if (!a) byId.set(id, (a = { id, kind: m.role === 'bot' ? 'ai' : 'human', messages: 0 }));
    a.messages++;
    return id;
  });
  return { agents: [...byId.values()], authorOf: (i) => authors[i] };
}

/** Customer turns the "empathy when upset" criterion should answer: clearly negative or angry ones. */
export function customerUpsetAt(sentiment: SentimentResult): number[] {
  return sentiment.messages
    .filter(
      (m) =>
        m.role === 'customer' &&
        (m.polarity <= -0.3 || (m.emotions.anger ?? 0) >= 0.5 || (m.emotions.frustration ?? 0) >= 0.5),
    )
    .map((m) => m.index);
}

export class QaAnalyzer implements Analyzer<'qa', QaConfig | undefined> {
  readonly name = 'qa' as const;
  readonly version = QA_ANALYZER_VERSION;
  /** The sentiment analyzer tells which customer turns were upset (the empathy criterion). */
  readonly dependsOn = ['sentiment'] as const;

  configFrom(config: EngineConfig): QaConfig {
    return { scorecard: config.scorecard };
  }

  rollupFacts(result: QaResult) {
    const outcomes = new Set<string>();
    for (const c of result.criteria)
      if (c.outcome === 'met' || c.outcome === 'not_met') outcomes.add(qaOutcomeKey(c.key, c.outcome));
    // Sorted, so that comparing old and new facts does not depend on the scorecard's order.
    return { qaScore: result.score, qaOutcomes: [...outcomes].sort() };
  }

  analyze(
    conversation: Conversation,
    context: AnalyzerContext<QaConfig | undefined>,
  ): AnalyzerOutput<QaResult> {
    const scorecard = context.config?.scorecard ?? DEFAULT_SCORECARD;
    const { agents, authorOf } = agentsOf(conversation);
    const scope: Scope = {
      conversation,
      staff: [],
      customer: [],
      authorOf,
      upsetAt:
        context.config?.customerUpsetAt ??
        (context.results?.sentiment ? customerUpsetAt(context.results.sentiment.result) : undefined),
      version: scorecard.version,
      words: wordsOf(conversation, context.words),
    };
    conversation.messages.forEach((m, i) => {
      if (isStaff(m)) scope.staff.push(i);
      else if (m.role === 'customer') scope.customer.push(i);
    });

    const criteria: QaCriterionResult[] = [];
    const evidence: Evidence[] = [];
    const missing = new Set<string>();
    let applicable = 0;
    let met = 0;
    for (const c of scorecard.criteria) {
      const judge = CRITERIA[c.kind];
      const j: Judgement = judge ? judge(scope, c) : na(`unknown criterion kind "${String(c.kind)}"`);
      if (j.missing) missing.add(j.missing);
      const r: QaCriterionResult = {
        key: c.key,
        label: c.label,
        kind: c.kind,
        weight: c.weight,
        outcome: j.outcome,
        reason: j.reason,
      };
      if (j.agentId !== undefined) r.agentId = j.agentId;
      if (j.seconds !== undefined) r.seconds = j.seconds;
      criteria.push(r);
      // The fields written out (span and messageSpan make every piece, in this order): a spread of
      // objects of several shapes was a tenth of this analyzer's time.
      const ruleId = `qa.${c.key}`;
      for (const e of j.evidence)
        evidence.push({
          messageIndex: e.messageIndex,
          start: e.start,
          end: e.end,
          quote: e.quote,
          signal: e.signal,
          target: { kind: 'criterion', key: c.key },
          ruleId,
          ruleVersion: scorecard.version,
        });
      if (j.outcome !== 'not_applicable' && c.weight > 0) {
        applicable += c.weight;
        if (j.outcome === 'met') met += c.weight;
      }
    }

    return {
      analyzer: this.name,
      version: this.version,
      result: {
        scorecardVersion: scorecard.version,
        score: applicable > 0 ? Math.round((1000 * met) / applicable) / 10 : null,
        criteria,
        agentIds: agents.map((a) => a.id),
        agents,
      },
      evidence,
      missing: [...missing],
    };
  }
}

export const qaAnalyzer = new QaAnalyzer();
