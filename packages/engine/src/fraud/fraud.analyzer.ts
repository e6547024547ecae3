import {
  fraudSeverity,
  type AnalyzerOutput,
  type Conversation,
  type EngineConfig,
  type Evidence,
  type FraudConfig,
  type FraudPhraseKey,
  type FraudResult,
  type FraudSignal,
  type FraudSignalKind,
  type FraudWeightKey,
  type HighRiskRequest,
} from '@vigil/contracts';
import { wordsOf } from '../text/conversation-words';
import type { Analyzer, AnalyzerContext } from '../analyzer';
import { PhraseIndex, type PhraseMatch } from '../compliance/matcher';
import { compilePhrase, stemLanguage, type PhraseToken, type StemLanguage } from '../compliance/phrase-text';
import { DEFAULT_FRAUD } from '../defaults';

export const FRAUD_ANALYZER_VERSION = '1.0.0';

/** Other words allowed among a cue's words (fillers are free). */
const SLACK = 1;
/** A reporting phrase ("they told me") up to this many words before a cue, in its sentence, makes it reported speech. */
const REPORTED_REACH = 15;
/** Evidence kept per signal: enough to show a pattern. */
const MAX_EVIDENCE_PER_SIGNAL = 6;
/** Gaps between customer turns needed before their regularity means anything. */
const MIN_TIMING_GAPS = 4;

const REQUEST_LABEL: Record<HighRiskRequest, string> = {
  contact_change: 'a change of contact details',
  new_payee: 'a new payee',
  credential_reset: 'a password, PIN or 2FA reset',
  card_reissue: 'a card sent to a new address',
  money_transfer: 'a money transfer',
};
const CUE_LABEL: Partial<Record<FraudSignalKind, string>> = {
  urgency: 'pressure to act now',
  authority: 'claimed authority',
  secrecy: 'a request for secrecy',
  emotional_leverage: 'emotional leverage',
  safe_account: 'the "safe account" script',
  prompt_injection: 'an attempt to manipulate the AI agent',
};
const LANGUAGE_CUES = [
  'urgency',
  'authority',
  'secrecy',
  'emotional_leverage',
  'safe_account',
  'prompt_injection',
] as const;

// ---- compiled phrases ----------------------------------------------------------------------------

interface Compiled {
  /** Every cue and request phrase, valued by its phrase key: one scan per message finds them all. */
  cues: PhraseIndex<FraudPhraseKey>;
  protective: PhraseIndex<null>;
  verified: PhraseIndex<null>;
  reported: PhraseIndex<null>;
}

const compiledCache = new WeakMap<FraudConfig, Map<StemLanguage, Compiled>>();

function compile(config: FraudConfig, language: StemLanguage): Compiled {
  let byLanguage = compiledCache.get(config);
  if (!byLanguage) compiledCache.set(config, (byLanguage = new Map()));
  let compiled = byLanguage.get(language);
  if (compiled) return compiled;
  const cues = new PhraseIndex<FraudPhraseKey>();
  for (const key of [...LANGUAGE_CUES, ...REQUESTS]) {
    for (const p of config.phrases[key]) {
      const c = compilePhrase(p, language);
      if (c) cues.add(c, key);
    }
  }
  const indexOf = (phrases: readonly string[]) => {
    const index = new PhraseIndex<null>();
    for (const p of phrases) {
      const c = compilePhrase(p, language);
      if (c) index.add(c, null);
    }
    return index;
  };
  compiled = {
    cues,
    protective: indexOf(config.phrases.protective),
    verified: indexOf(config.phrases.identity_verified),
    reported: indexOf(config.phrases.reported_speech),
  };
  byLanguage.set(language, compiled);
  return compiled;
}

const REQUESTS: readonly HighRiskRequest[] = [
  'contact_change',
  'new_payee',
  'credential_reset',
  'card_reissue',
  'money_transfer',
];
const isRequest = (key: string): key is HighRiskRequest => (REQUESTS as readonly string[]).includes(key);

// ---- the analyzer --------------------------------------------------------------------------------

interface Cue {
  key: FraudPhraseKey;
  messageIndex: number;
  start: number;
  end: number;
  phrase: string;
  /** The customer reports someone else saying it ("they told me to move it to a safe account"). */
  reported: boolean;
}

/** A signal being built: its weight is the strongest of its pieces. */
interface Draft {
  kind: FraudSignalKind;
  key: string;
  weight: number;
  reason: string;
  cues: Cue[];
}

/**
 * Fraud, deepfake and manipulation signals of one conversation, each with a weight and its
 * evidence, combined into a risk 0–100 (noisy-OR: 1 − Π(1 − weight/100)):
 * - the voice platform's synthetic-speech and liveness scores and the identity check (metadata);
 * - high-risk requests by the customer, weighed down when identity was verified before them;
 * - social-engineering language by the customer (urgency, authority, secrecy, emotional leverage,
 *   the safe-account script), negation honoured, reported speech weighed down, and urgency dropped
 *   when the customer is protecting their own account ("block my card, it was stolen — urgently");
 * - attempts to manipulate an AI agent (kind prompt_injection);
 * - machine-regular customer turn timing, where messages carry times.
 * Words are matched with the compliance matcher (stems, any order in a short window, negation).
 */
export class FraudAnalyzer implements Analyzer<'fraud', FraudConfig> {
  readonly name = 'fraud' as const;
  readonly version = FRAUD_ANALYZER_VERSION;
  readonly dependsOn = [] as const;

  configFrom(config: EngineConfig): FraudConfig {
    return config.fraud ?? DEFAULT_FRAUD;
  }

  rollupFacts() {
    return {};
  }

  analyze(conversation: Conversation, context: AnalyzerContext<FraudConfig>): AnalyzerOutput<FraudResult> {
    const config = context.config;
    const language = stemLanguage(context.language);
    const words = wordsOf(conversation, context.words);
    const compiled = compile(config, language);
    const weights = config.weights;
    const drafts: Draft[] = [];
    const missing: string[] = [];
    const meta = conversation.metadata ?? {};

    // -- metadata: voice and identity check
    const voice = meta.voice;
    if (voice) {
      const s = voice.syntheticSpeechScore;
      if (s !== undefined && s >= config.syntheticSpeechFrom)
        drafts.push(
          metaSignal('synthetic_speech', weights, s, `synthetic speech score ${s} from the voice platform`),
        );
      const l = voice.livenessScore;
      if (l !== undefined && l <= config.livenessBelow)
        drafts.push(
          metaSignal('low_liveness', weights, 1 - l, `liveness score ${l} from the voice platform`),
        );
    } else if (conversation.channel === 'voice') missing.push('metadata.voice');
    const auth = meta.auth;
    if (auth) {
      const failed = auth.failedAttempts ?? 0;
      if (failed > 0)
        drafts.push(
          metaSignal(
            'auth_failed',
            weights,
            failed >= 2 ? 1 : 0.6,
            `identity verification failed ${failed === 1 ? 'once' : `${failed} times`}`,
          ),
        );
      else if (auth.skipped === true || auth.verified === false)
        drafts.push(metaSignal('auth_skipped', weights, 1, 'identity was not verified'));
    } else missing.push('metadata.auth');

    // -- words: the customer's cues and requests; the agent's word that identity was verified
    const cues: Cue[] = [];
    let protective = false;
    let verifiedAt = auth?.verified === true && !(auth.failedAttempts ?? 0) ? -1 : Infinity;
    const messages = conversation.messages;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const tokens = words.phraseTokens(i, language);
      if (tokens.length === 0) continue;
      if (message.role !== 'customer') {
        // The platform saying identity was not verified outweighs an agent's word that it was.
        const mayVerify = auth?.verified !== false && (message.role === 'agent' || message.role === 'bot');
        if (verifiedAt === Infinity && mayVerify) {
          compiled.verified.scan(tokens, SLACK, (_v, m) => {
            if (!m.negated && verifiedAt === Infinity) verifiedAt = i;
          });
        }
        continue;
      }
      if (!protective)
        compiled.protective.scan(tokens, SLACK, (_v, m) => {
          if (!m.negated) protective = true;
        });
      let reporters: PhraseMatch[] | undefined;
      compiled.cues.scan(tokens, SLACK, (key, m, phrase) => {
        if (m.negated) return;
        if (!reporters) {
          reporters = [];
          compiled.reported.scan(tokens, 0, (_v, r) => reporters!.push(r));
        }
        cues.push({
          key,
          messageIndex: i,
          start: tokens[m.first]!.start,
          end: tokens[m.last]!.end,
          phrase: phrase.text,
          reported: reporters.some((r) => reportedBefore(tokens, r, m)),
        });
      });
    }

    // -- requests, weighed by whether identity was verified before them
    const requests = cues.filter((c) => isRequest(c.key));
    const firstRequest = requests.length > 0 ? Math.min(...requests.map((c) => c.messageIndex)) : -1;
    const verifiedBeforeRequest = firstRequest < 0 ? null : verifiedAt < firstRequest;
    for (const key of REQUESTS) {
      const found = requests.filter((c) => c.key === key);
      if (found.length === 0) continue;
      const verified = verifiedAt < found[0]!.messageIndex;
      const factor = verified ? config.verifiedFactor : 1;
      drafts.push({
        kind: 'high_risk_request',
        key,
        weight: weights[key] * factor,
        reason: `the customer asked for ${REQUEST_LABEL[key]} ${verified ? 'after identity was verified' : 'without identity verified first'}`,
        cues: found,
      });
    }

    // -- language cues, in context
    const otherCues = cues.some((c) => !isRequest(c.key) && c.key !== 'urgency');
    for (const kind of LANGUAGE_CUES) {
      const found = cues.filter((c) => c.key === kind);
      if (found.length === 0) continue;
      // A customer hurrying to protect their own account is not pressuring anyone.
      if (kind === 'urgency' && protective && requests.length === 0) continue;
      const direct = found.filter((c) => !c.reported);
      let factor = direct.length > 0 ? 1 : config.reportedFactor;
      if (kind === 'urgency' && requests.length === 0 && !otherCues) factor *= config.aloneUrgencyFactor;
      drafts.push({
        kind,
        key: kind,
        weight: weights[kind] * factor,
        reason:
          direct.length > 0
            ? `${CUE_LABEL[kind]}: "${found[0]!.phrase}"`
            : `the customer reports ${CUE_LABEL[kind]}: "${found[0]!.phrase}"`,
        cues: direct.length > 0 ? direct : found,
      });
    }

    // -- timing
    const timing = machineTiming(conversation, config.timingVariationBelow);
    if (timing === undefined) missing.push('messages.at');
    else if (timing) drafts.push(metaSignal('machine_timing', weights, 1, timing));

    // -- the result
    const evidence: Evidence[] = [];
    const signals: FraudSignal[] = [];
    let keep = 1;
    for (const d of drafts.sort((a, b) => b.weight - a.weight)) {
      const weight = Math.round(Math.min(100, Math.max(0, d.weight)) * 10) / 10;
      if (weight <= 0) continue;
      keep *= 1 - weight / 100;
      const indexes: number[] = [];
      for (const c of d.cues.slice(0, MAX_EVIDENCE_PER_SIGNAL)) {
        indexes.push(
          evidence.push({
            messageIndex: c.messageIndex,
            start: c.start,
            end: c.end,
            quote: messages[c.messageIndex]!.text.slice(c.start, c.end),
            target: { kind: 'fraud', key: d.kind },
            ruleId: `fraud.${d.key}`,
            ruleVersion: config.version,
            signal: c.phrase,
          }) - 1,
        );
      }
      signals.push({ kind: d.kind, key: d.key, weight, reason: d.reason, evidence: indexes });
    }
    const risk = Math.round(100 * (1 - keep));
    const flagged = risk >= config.threshold;
    return {
      analyzer: this.name,
      version: this.version,
      result: {
        configVersion: config.version,
        risk,
        threshold: config.threshold,
        flagged,
        severity: flagged ? fraudSeverity(risk) : null,
        verifiedBeforeRequest,
        signals,
      },
      evidence,
      missing,
    };
  }
}

function metaSignal(
  kind: FraudWeightKey & FraudSignalKind,
  weights: FraudConfig['weights'],
  strength: number,
  reason: string,
): Draft {
  return { kind, key: kind, weight: weights[kind] * Math.min(1, Math.max(0, strength)), reason, cues: [] };
}

/** A reporting phrase ending shortly before the cue, in the same sentence. */
function reportedBefore(tokens: readonly PhraseToken[], r: PhraseMatch, m: PhraseMatch): boolean {
  return (
    tokens[r.last]!.sentence === tokens[m.first]!.sentence &&
    r.last < m.first &&
    m.first - r.last <= REPORTED_REACH
  );
}

/**
 * Whether the customer's turns come at machine-regular intervals: the gaps from the message before
 * each customer message vary (coefficient of variation) less than `below`. A reason when they do,
 * null when they do not, undefined when the messages carry too few times to tell.
 */
export function machineTiming(conversation: Conversation, below: number): string | null | undefined {
  const messages = conversation.messages;
  let customers = 0;
  for (const m of messages) if (m.role === 'customer' && m.at) customers++;
  if (customers < MIN_TIMING_GAPS) return undefined;
  // With a coefficient of variation under `below` over n gaps, no gap is further than below·√n of
  // the mean from it, so the longest over the shortest cannot pass this: once it does, the turns are
  // irregular and the rest need not be read (parsing every time is most of this check's cost).
  const reach = below * Math.sqrt(customers);
  const maxRatio = reach < 1 ? (1 + reach) / (1 - reach) : Infinity;
  const gaps: number[] = [];
  let previous = NaN;
  let shortest = Infinity;
  let longest = 0;
  for (const m of messages) {
    if (!m.at) continue;
    const t = Date.parse(m.at);
    if (m.role === 'customer' && !Number.isNaN(t) && !Number.isNaN(previous)) {
      const gap = (t - previous) / 1000;
      gaps.push(gap);
      if (gap < shortest) shortest = gap;
      if (gap > longest) longest = gap;
      if (shortest > 0 && longest / shortest > maxRatio) return null;
    }
    if (!Number.isNaN(t)) previous = t;
  }
  if (gaps.length < MIN_TIMING_GAPS) return undefined;
  let sum = 0;
  for (const g of gaps) sum += g;
  const mean = sum / gaps.length;
  if (mean <= 0) return null;
  let squares = 0;
  for (const g of gaps) squares += (g - mean) ** 2;
  const variation = Math.sqrt(squares / gaps.length) / mean;
  if (variation >= below) return null;
  return `the customer answered ${gaps.length} times after ${mean.toFixed(1)} s each, varying by ${(variation * 100).toFixed(1)} %`;
}

export const fraudAnalyzer = new FraudAnalyzer();
