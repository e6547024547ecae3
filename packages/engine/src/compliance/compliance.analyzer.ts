import {
  SEVERITIES,
  type AnalyzerOutput,
  type ComplianceConfig,
  type ComplianceResult,
  type Conversation,
  type EngineConfig,
  type Evidence,
  type MessageRole,
  type PiiResult,
  type PolicyDocument,
  type PolicyRule,
  type PolicyViolation,
  type Severity,
} from '@vigil/contracts';
import { type ConversationWords, wordsOf } from '../text/conversation-words';
import type { Analyzer, AnalyzerContext } from '../analyzer';
import { DEFAULT_POLICIES } from '../defaults';
import { PhraseIndex, negatedNear, type PhraseMatch } from './matcher';
import { compilePhrase, stemLanguage, type PhraseToken, type StemLanguage } from './phrase-text';

export { DEFAULT_POLICIES };

export const COMPLIANCE_ANALYZER_VERSION = '1.0.0';

/** Other words allowed among a phrase's words (fillers are free), by rule kind. */
const SLACK = {
  disclosure: 2,
  prohibited: 1,
  step: 1,
  item: 1,
  cue: 0,
  except: 1,
} as const;
/** A request's wording must come at most this many words before what it asks for. */
const CUE_REACH = 6;
/** An exception phrase excuses a match at most this many words away, in the same sentence. */
const EXCEPT_REACH = 6;
/** Evidence kept per violation: enough to show a pattern without flooding the reviewer. */
const MAX_EVIDENCE_PER_RULE = 10;

/**
 * How agents ask for something, English and Latvian, when a sensitive-data rule names none of its
 * own: "can you tell me your PIN", "what is your password", "nosauciet kartes numuru".
 */
const BUILT_IN_REQUEST_PHRASES = [
  'tell me',
  'give me',
  'provide',
  'read out',
  'read me',
  'read back',
  'what is',
  'send me',
  'send us',
  'share',
  'confirm',
  'can i have',
  'can i get',
  'may i have',
  'could i have',
  'could i get',
  'need your',
  'i need',
  'we need',
  'ask for',
  'spell out',
  'let me know',
  'say',
  'dm us',
  'pasakiet',
  'pasaki',
  'nosauciet',
  'norādiet',
  'iesūtiet',
  'atsūtiet',
  'uzrakstiet',
  'dodiet',
  'kāds ir',
  'kāda ir',
  'vajag',
  'vajadzēs',
  'nepieciešams',
  'apstipriniet',
  'diktējiet',
];
/** Talk about the data that is not asking for it: "reset your password", "forgot your PIN". */
const BUILT_IN_EXCEPT_PHRASES = [
  'reset password',
  'new password',
  'change password',
  'forgot password',
  'forgotten password',
  'password reset',
  'create password',
  'update password',
  'reset pin',
  'new pin',
  'change pin',
  'forgot pin',
  'jaunu paroli',
  'atiestatīt paroli',
  'nomainīt paroli',
  'aizmirsāt paroli',
];

const STAFF: readonly MessageRole[] = ['agent', 'bot'];

// ---- compiled policies ---------------------------------------------------------------------------

interface CompiledStep {
  key: string;
  label: string;
  roles: ReadonlySet<MessageRole>;
  index: PhraseIndex<null>;
  doneWhenAuthVerified: boolean;
}

type CompiledRule =
  | { rule: PolicyRule & { kind: 'required_disclosure' }; phrases: PhraseIndex<null> }
  | {
      rule: PolicyRule & { kind: 'prohibited_phrase' };
      roles: ReadonlySet<MessageRole>;
      phrases: PhraseIndex<null>;
      except: PhraseIndex<null>;
    }
  | { rule: PolicyRule & { kind: 'ordered_steps' }; steps: CompiledStep[] }
  | {
      rule: PolicyRule & { kind: 'sensitive_data_request' };
      roles: ReadonlySet<MessageRole>;
      items: PhraseIndex<null>;
      cues: PhraseIndex<null>;
      except: PhraseIndex<null>;
    }
  | { rule: PolicyRule & { kind: 'pii_exposure' }; roles: ReadonlySet<MessageRole> };

function indexOf(phrases: readonly string[], language: StemLanguage): PhraseIndex<null> {
  const index = new PhraseIndex<null>();
  for (const p of phrases) {
    const compiled = compilePhrase(p, language);
    if (compiled) index.add(compiled, null);
  }
  return index;
}

function compileRule(rule: PolicyRule, language: StemLanguage): CompiledRule {
  switch (rule.kind) {
    case 'required_disclosure':
      return { rule, phrases: indexOf(rule.phrases, language) };
    case 'prohibited_phrase':
      return {
        rule,
        roles: new Set(rule.roles),
        phrases: indexOf(rule.phrases, language),
        except: indexOf(rule.exceptPhrases, language),
      };
    case 'ordered_steps':
      return {
        rule,
        steps: rule.steps.map((s) => ({
          key: s.key,
          label: s.label,
          roles: new Set(s.roles),
          index: indexOf(s.phrases, language),
          doneWhenAuthVerified: s.doneWhenAuthVerified === true,
        })),
      };
    case 'sensitive_data_request':
      return {
        rule,
        roles: new Set(rule.roles),
        items: indexOf(rule.items, language),
        cues: indexOf(
          rule.requestPhrases.length > 0 ? rule.requestPhrases : BUILT_IN_REQUEST_PHRASES,
          language,
        ),
        except: indexOf([...BUILT_IN_EXCEPT_PHRASES, ...rule.exceptPhrases], language),
      };
    case 'pii_exposure':
      return { rule, roles: new Set(rule.roles) };
  }
}

/**
 * Rules are compiled once per policy document and stemming language, and kept as long as the
 * document is (the workers hold the configuration in force as one object until a new version).
 */
const compiledCache = new WeakMap<PolicyDocument, Map<StemLanguage, CompiledRule[]>>();

export function compilePolicies(policies: PolicyDocument, language: StemLanguage): CompiledRule[] {
  let byLanguage = compiledCache.get(policies);
  if (!byLanguage) compiledCache.set(policies, (byLanguage = new Map()));
  let rules = byLanguage.get(language);
  if (!rules) {
    rules = policies.rules.filter((r) => r.enabled !== false).map((r) => compileRule(r, language));
    byLanguage.set(language, rules);
  }
  return rules;
}

function applies(rule: PolicyRule, conversation: Conversation, language: string): boolean {
  if (rule.channels.length > 0 && !rule.channels.includes(conversation.channel)) return false;
  if (rule.teams.length > 0 && (!conversation.team || !rule.teams.includes(conversation.team))) return false;
  if (rule.languages.length > 0 && !rule.languages.includes(language)) return false;
  return true;
}

// ---- checking one conversation -------------------------------------------------------------------

interface Found {
  messageIndex: number;
  match: PhraseMatch;
}

/** One conversation's words, tokenized on first use (a conversation with no rule for a role skips its messages). */
class Scope {
  constructor(
    readonly conversation: Conversation,
    readonly language: StemLanguage,
    private readonly words: ConversationWords,
  ) {}

  tokensOf(i: number): PhraseToken[] {
    return this.words.phraseTokens(i, this.language);
  }

  /** Matches of an index in one message, not negated and not excused by an exception nearby. */
  matches(i: number, index: PhraseIndex<null>, slack: number, except?: PhraseIndex<null>): PhraseMatch[] {
    const tokens = this.tokensOf(i);
    const out: PhraseMatch[] = [];
    index.scan(tokens, slack, (_v, m) => {
      if (!m.negated) out.push(m);
    });
    if (out.length === 0 || !except || except.size === 0) return merged(out);
    const excuses: PhraseMatch[] = [];
    except.scan(tokens, SLACK.except, (_v, m) => excuses.push(m));
    return merged(out.filter((m) => !excuses.some((x) => near(tokens, x, m, EXCEPT_REACH))));
  }
}

/** Overlapping matches ("full card number", "card number") as one span, in text order. */
function merged(matches: PhraseMatch[]): PhraseMatch[] {
  if (matches.length < 2) return matches;
  matches.sort((a, b) => a.first - b.first);
  const out: PhraseMatch[] = [matches[0]!];
  for (let k = 1; k < matches.length; k++) {
    const m = matches[k]!;
    const last = out[out.length - 1]!;
    if (m.first <= last.last) last.last = Math.max(last.last, m.last);
    else out.push(m);
  }
  return out;
}

function near(tokens: readonly PhraseToken[], a: PhraseMatch, b: PhraseMatch, reach: number): boolean {
  if (tokens[a.first]!.sentence !== tokens[b.first]!.sentence) return false;
  return a.first <= b.last + reach && b.first <= a.last + reach;
}

/** A piece of evidence before the analyzer names its rule: [start, end) in the message's text. */
interface Hit {
  messageIndex: number;
  start: number;
  end: number;
  signal: string;
}

interface Judged {
  reason: string;
  found: Hit[];
}

function hit(s: Scope, f: Found, signal: string): Hit {
  const tokens = s.tokensOf(f.messageIndex);
  return {
    messageIndex: f.messageIndex,
    start: tokens[f.match.first]!.start,
    end: tokens[f.match.last]!.end,
    signal,
  };
}

function requiredDisclosure(
  s: Scope,
  c: Extract<CompiledRule, { rule: { kind: 'required_disclosure' } }>,
): Judged | null | undefined {
  const staff: number[] = [];
  s.conversation.messages.forEach((m, i) => {
    if (STAFF.includes(m.role) && staff.length < c.rule.withinAgentMessages) staff.push(i);
  });
  if (staff.length === 0) return undefined; // nobody could have said it: not applicable
  for (const i of staff) if (s.matches(i, c.phrases, SLACK.disclosure).length > 0) return null;
  const n = c.rule.withinAgentMessages;
  return {
    reason: `not said in the agent's first ${n === 1 ? 'message' : `${n} messages`}`,
    found: [],
  };
}

function prohibitedPhrase(
  s: Scope,
  c: Extract<CompiledRule, { rule: { kind: 'prohibited_phrase' } }>,
): Judged | null {
  const found: Judged['found'] = [];
  s.conversation.messages.forEach((m, i) => {
    if (!c.roles.has(m.role)) return;
    for (const match of s.matches(i, c.phrases, SLACK.prohibited, c.except))
      found.push(hit(s, { messageIndex: i, match }, 'prohibited_phrase'));
  });
  if (found.length === 0) return null;
  const who = s.conversation.messages[found[0]!.messageIndex]!.role;
  return { reason: `the ${who} said a prohibited phrase`, found };
}

function sensitiveDataRequest(
  s: Scope,
  c: Extract<CompiledRule, { rule: { kind: 'sensitive_data_request' } }>,
): Judged | null {
  const found: Judged['found'] = [];
  s.conversation.messages.forEach((m, i) => {
    if (!c.roles.has(m.role)) return;
    const items = s.matches(i, c.items, SLACK.item, c.except);
    if (items.length === 0) return;
    const tokens = s.tokensOf(i);
    const cues: PhraseMatch[] = [];
    c.cues.scan(tokens, SLACK.cue, (_v, m) => cues.push(m));
    const requests: PhraseMatch[] = [];
    for (const item of items) {
      // The earliest wording of a request shortly before the item: "I need your full card number".
      let cue: PhraseMatch | undefined;
      for (const q of cues)
        if (
          tokens[q.first]!.sentence === tokens[item.first]!.sentence &&
          q.first < item.first &&
          item.first - q.last <= CUE_REACH &&
          (!cue || q.first < cue.first)
        )
          cue = q;
      // "Never share your PIN", "we will not ask for your password": the request is negated.
      if (!cue || cue.negated || negatedNear(tokens, Math.min(cue.first, item.first), item.last)) continue;
      requests.push({ first: cue.first, last: item.last, negated: false });
    }
    for (const match of merged(requests)) found.push(hit(s, { messageIndex: i, match }, 'request'));
  });
  if (found.length === 0) return null;
  return { reason: 'the agent asked for data that must never be asked for', found };
}

/** Position of a step's first occurrence: message index, then word. */
type At = [message: number, word: number];
const before = (a: At, b: At) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

function orderedSteps(
  s: Scope,
  c: Extract<CompiledRule, { rule: { kind: 'ordered_steps' } }>,
): Judged | null {
  const verified = s.conversation.metadata?.auth?.verified === true;
  const firstAt: (Found | null)[] = c.steps.map(() => null);
  const done: (At | null)[] = c.steps.map((step) =>
    step.doneWhenAuthVerified && verified ? [-1, -1] : null,
  );
  c.steps.forEach((step, k) => {
    for (let i = 0; i < s.conversation.messages.length && !firstAt[k]; i++) {
      if (!step.roles.has(s.conversation.messages[i]!.role)) continue;
      const tokens = s.tokensOf(i);
      for (const match of s.matches(i, step.index, SLACK.step)) {
        // After the first step, a step counts when it is done, not offered: "I can update your address".
        if (k > 0 && prospective(tokens, match)) continue;
        firstAt[k] = { messageIndex: i, match };
        if (!done[k]) done[k] = [i, match.first];
        break;
      }
    }
  });
  for (let k = 1; k < c.steps.length; k++) {
    const at = firstAt[k];
    if (!at) continue;
    const atK: At = [at.messageIndex, at.match.first];
    for (let j = 0; j < k; j++) {
      const prior = done[j];
      if (prior && before(prior, atK)) continue;
      const found = [hit(s, at, c.steps[k]!.key)];
      const late = firstAt[j];
      if (late) found.push(hit(s, late, c.steps[j]!.key));
      return {
        reason: late
          ? `"${c.steps[k]!.label}" came before "${c.steps[j]!.label}"`
          : `"${c.steps[k]!.label}" without "${c.steps[j]!.label}" first`,
        found,
      };
    }
  }
  return null;
}

function prospective(tokens: readonly PhraseToken[], m: PhraseMatch): boolean {
  const sentence = tokens[m.first]!.sentence;
  for (let i = Math.max(0, m.first - 2); i <= m.last; i++)
    if (tokens[i]!.modal && tokens[i]!.sentence === sentence) return true;
  return false;
}

// ---- the analyzer --------------------------------------------------------------------------------

export class ComplianceAnalyzer implements Analyzer<'compliance', ComplianceConfig | undefined> {
  readonly name = 'compliance' as const;
  readonly version = COMPLIANCE_ANALYZER_VERSION;
  /** pii_exposure rules read the PII analyzer's finds (scores.pii). */
  readonly dependsOn = ['pii'] as const;

  configFrom(config: EngineConfig): ComplianceConfig {
    return { policies: config.policies };
  }

  rollupFacts(): Record<string, never> {
    return {};
  }

  analyze(
    conversation: Conversation,
    context: AnalyzerContext<ComplianceConfig | undefined>,
  ): AnalyzerOutput<ComplianceResult> {
    const policies = context.config?.policies ?? DEFAULT_POLICIES;
    const version = policies.version;
    const scope = new Scope(
      conversation,
      stemLanguage(context.language),
      wordsOf(conversation, context.words),
    );
    const violations: PolicyViolation[] = [];
    const evidence: Evidence[] = [];
    const missing = new Set<string>();
    let rulesChecked = 0;
    let highest = -1;

    for (const c of compilePolicies(policies, scope.language)) {
      const rule = c.rule;
      if (!applies(rule, conversation, context.language)) continue;
      let judged: Judged | null | undefined;
      switch (c.rule.kind) {
        case 'required_disclosure':
          judged = requiredDisclosure(
            scope,
            c as Extract<CompiledRule, { rule: { kind: 'required_disclosure' } }>,
          );
          break;
        case 'prohibited_phrase':
          judged = prohibitedPhrase(
            scope,
            c as Extract<CompiledRule, { rule: { kind: 'prohibited_phrase' } }>,
          );
          break;
        case 'ordered_steps':
          judged = orderedSteps(scope, c as Extract<CompiledRule, { rule: { kind: 'ordered_steps' } }>);
          break;
        case 'sensitive_data_request':
          judged = sensitiveDataRequest(
            scope,
            c as Extract<CompiledRule, { rule: { kind: 'sensitive_data_request' } }>,
          );
          break;
        case 'pii_exposure': {
          const pii = context.results?.pii?.result;
          if (!pii) {
            missing.add('scores.pii');
            continue;
          }
          judged = piiExposure(
            conversation,
            c as Extract<CompiledRule, { rule: { kind: 'pii_exposure' } }>,
            pii,
          );
          break;
        }
      }
      if (judged === undefined) continue;
      rulesChecked++;
      if (judged === null) continue;

      const indexes: number[] = [];
      for (const f of judged.found.slice(0, MAX_EVIDENCE_PER_RULE)) {
        const text = conversation.messages[f.messageIndex]!.text;
        indexes.push(
          evidence.push({
            messageIndex: f.messageIndex,
            start: f.start,
            end: f.end,
            quote: text.slice(f.start, f.end),
            target: { kind: 'policy', key: rule.key },
            ruleId: rule.key,
            ruleVersion: version,
            signal: f.signal,
          }) - 1,
        );
      }
      violations.push({
        ruleId: rule.key,
        ruleVersion: version,
        kind: rule.kind,
        severity: rule.severity,
        label: rule.label,
        reason: judged.reason,
        evidence: indexes,
      });
      highest = Math.max(highest, SEVERITIES.indexOf(rule.severity));
    }

    return {
      analyzer: this.name,
      version: this.version,
      result: {
        policyVersion: version,
        rulesChecked,
        violations,
        highestSeverity: highest >= 0 ? (SEVERITIES[highest] as Severity) : null,
      },
      evidence,
      missing: [...missing],
    };
  }
}

function piiExposure(
  conversation: Conversation,
  c: Extract<CompiledRule, { rule: { kind: 'pii_exposure' } }>,
  pii: PiiResult,
): Judged | null {
  const types = new Set<string>(c.rule.piiTypes);
  const found: Judged['found'] = [];
  for (const f of pii.finds) {
    if (!types.has(f.type) || !c.roles.has(f.role)) continue;
    const text = conversation.messages[f.messageIndex]?.text;
    if (text === undefined || f.end > text.length || f.start >= f.end) continue;
    found.push({ messageIndex: f.messageIndex, start: f.start, end: f.end, signal: f.type });
  }
  if (found.length === 0) return null;
  const who = conversation.messages[found[0]!.messageIndex]!.role;
  return {
    reason: `the ${who} wrote ${found.length === 1 ? 'personal data' : `personal data ${found.length} times`} (${[...new Set(found.map((f) => f.signal.replace('_', ' ')))].join(', ')}) in ${conversation.channel}`,
    found,
  };
}

export const complianceAnalyzer = new ComplianceAnalyzer();
