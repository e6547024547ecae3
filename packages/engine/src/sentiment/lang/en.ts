import { EMOTION_MODEL_EN_TSV } from '../data/emotion-model.en';
import { VADER_LEXICON_TSV } from '../data/vader-lexicon.en';
import { parseEmotionModel } from '../emotion-model';
import { type CueRule, type LanguagePack, parseTsv, words } from '../language-pack';
import type { Emotion } from '@vigil/contracts';

/**
 * English: the VADER lexicon (MIT, see data/LICENSE-VADER.txt) with our own additions and
 * customer-service adjustments, VADER's booster and negation lists, and our cue rules.
 */

const B = 0.293; // VADER's empirically derived booster increment
const MIN_VALENCE = 0.35;

/** Our additions (words VADER lacks) and adjustments for customer-service text. */
const OVERRIDES: Record<string, number> = {
  // politeness and answers are not opinions in a service chat
  please: 0.2,
  yes: 0.6,
  ok: 0.5,
  okay: 0.5,
  sure: 0.6,
  // regret (VADER's own rating, kept although it is below MIN_VALENCE): "I'm sorry", "sorry - that bites"
  sorry: -0.3,
  // service vocabulary
  unhelpful: -2.0,
  useless: -2.2,
  overcharged: -2.2,
  'double-charged': -2.0,
  ripoff: -2.6,
  'rip-off': -2.6,
  incompetent: -2.4,
  incompetence: -2.4,
  unprofessional: -2.2,
  nightmare: -2.6,
  hassle: -1.6,
  joke: -0.4,
  unreachable: -1.4,
  unresponsive: -1.8,
  outage: -1.6,
  glitch: -1.2,
  glitches: -1.2,
  buggy: -1.6,
  laggy: -1.4,
  slow: -1.0,
  slower: -0.9,
  delays: -1.3,
  unresolved: -1.6,
  resolved: 1.4,
  helped: 1.5,
  sorted: 1.0,
  fixed: 1.2,
  solved: 1.4,
  working: 0.4,
  works: 0.6,
  smooth: 1.4,
  seamless: 1.8,
  quick: 0.9,
  quickly: 0.7,
  prompt: 0.9,
  promptly: 1.0,
  responsive: 1.2,
  knowledgeable: 1.8,
  patient: 1.2,
  lifesaver: 2.6,
  'life-saver': 2.6,
  appreciated: 2.0,
  // general evaluative words VADER lacks
  mediocre: -1.6,
  tepid: -1.2,
  bland: -1.4,
  tedious: -1.8,
  unfunny: -1.8,
  lifeless: -1.8,
  flat: -0.6,
  clumsy: -1.2,
  clunky: -1.3,
  shallow: -1.2,
  pointless: -1.8,
  pretentious: -1.6,
  overlong: -1.2,
  overrated: -1.4,
  uninspired: -1.6,
  unwatchable: -2.6,
  forgettable: -1.6,
  lackluster: -1.6,
  lacklustre: -1.6,
  sloppy: -1.6,
  shoddy: -2.0,
  subpar: -1.8,
  'sub-par': -1.8,
  inferior: -1.6,
  flawed: -1.3,
  lacks: -1.2,
  lacking: -1.2,
  muddled: -1.2,
  incoherent: -1.5,
  overpriced: -1.8,
  meh: -0.8,
  solid: 1.0,
  engaging: 1.8,
  gripping: 1.8,
  compelling: 1.8,
  riveting: 2.0,
  heartfelt: 1.8,
  touching: 1.6,
  masterful: 2.6,
  masterpiece: 3.0,
  witty: 1.8,
  poignant: 1.2,
  thoughtful: 1.6,
  memorable: 1.6,
  delightful: 2.6,
  refreshing: 1.8,
  stunning: 2.4,
  superb: 2.8,
  flawless: 2.8,
  top: 0.8,
  'top-notch': 2.6,
  'well-made': 2.0,
  'well-crafted': 2.2,
};

const PHRASES: Record<string, number> = {
  // VADER's multi-word lexicon entries and idioms
  "can't stand": -2.0,
  'fed up': -1.8,
  'screwed up': -1.5,
  'the shit': 3,
  'the bomb': 3,
  'bad ass': 1.5,
  'yeah right': -2,
  'cut the mustard': 2,
  'kiss of death': -1.5,
  'hand to mouth': -2,
  // ours
  'let down': -2.0,
  'rip off': -2.4,
  'waste of time': -2.6,
  'waste of money': -2.6,
  'thanks for nothing': -2.4,
  'no thanks to': -1.6,
  'not worth': -1.8,
  'sick of': -2.2,
  'sick and tired': -2.6,
  'went above and beyond': 3.0,
  'above and beyond': 2.8,
  'worked like a charm': 2.6,
  'works like a charm': 2.6,
  'over the moon': 2.8,
  'no problem': 0.8,
  'no worries': 0.9,
  'no issues': 1.0,
  'no complaints': 1.4,
  'not bad': 1.0,
  'could be better': -0.8,
  'could have been better': -0.9,
  'falls flat': -1.8,
  'fall flat': -1.8,
  'fell flat': -1.8,
  'a must': 1.8,
  'a must-see': 2.4,
  'at a loss': -1.0,
  // eagerness, not a negated wait ("Can't wait to see it!"), unless the patience has run out
  "can't wait": 2.0,
  'cant wait': 2.0,
  'cannot wait': 2.0,
  "can't wait any longer": -1.6,
  'cant wait any longer': -1.6,
  'cannot wait any longer': -1.6,
  "can't wait anymore": -1.6,
  'cant wait anymore': -1.6,
  'cannot wait anymore': -1.6,
};

/** VADER's negations (apostrophes normalised), plus "no", "nobody", "neither"... */
const NEGATORS = words(`
  aint arent cannot cant couldnt darent didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt
  neednt never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent without
  wont wouldnt rarely seldom despite neither no nobody noone hardly barely lack lacks lacking
`);

const BOOSTERS = new Map<string, number>([
  ...[
    'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely',
    'especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin',
    'fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly',
    'purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably',
    'unusually utterly very super truly insanely',
  ]
    .join(' ')
    .split(' ')
    .map((w): [string, number] => [w, B]),
  ...'almost marginally occasionally partly scarcely slightly somewhat kinda kindof sorta sortof less little'
    .split(' ')
    .map((w): [string, number] => [w, -B]),
]);

const VERBS_ASK = words(
  'speak talk transfer connect put get escalate want need demand give pass let see call reach forward',
);
const CANCEL = words(
  'cancel cancelling canceling cancelled close closing terminate terminating end ending quit',
);
const ACCOUNT = words('account subscription contract service membership plan policy card line');
const SWITCH = words('switch switching move moving go going leave leaving take taking port');
const ELSEWHERE = words('another competitor competitors elsewhere different other rival');

const CUES: CueRule[] = [
  {
    id: 'escalation.speak-to-manager',
    signal: 'escalation',
    first: VERBS_ASK,
    then: words('manager supervisor superior boss management'),
    within: 5,
  },
  {
    id: 'escalation.human',
    signal: 'escalation',
    first: words('speak talk'),
    then: words('human person someone somebody'),
    within: 4,
  },
  {
    id: 'escalation.escalate',
    signal: 'escalation',
    first: words('escalate escalation'),
    allowNegated: false,
  },
  {
    id: 'escalation.complaint',
    signal: 'escalation',
    first: words('file lodge make raise'),
    then: words('complaint'),
    within: 3,
  },
  { id: 'escalation.ombudsman', signal: 'escalation', first: words('ombudsman regulator lawyer attorney') },
  { id: 'churn.cancel-account', signal: 'churn', first: CANCEL, then: ACCOUNT, within: 3 },
  { id: 'churn.switch-provider', signal: 'churn', first: SWITCH, then: ELSEWHERE, within: 3 },
  {
    id: 'churn.business-elsewhere',
    signal: 'churn',
    first: words('business money'),
    then: words('elsewhere'),
    within: 2,
  },
  { id: 'churn.unsubscribe', signal: 'churn', first: words('unsubscribe') },
  { id: 'churn.done-with', signal: 'churn', first: words('done finished'), then: words('with'), within: 1 },
  {
    id: 'urgency.word',
    signal: 'urgency',
    first: words('urgent urgently asap immediately emergency critical'),
    weight: 0.8,
  },
  {
    id: 'urgency.right-now',
    signal: 'urgency',
    first: words('right'),
    then: words('now away'),
    within: 1,
    weight: 0.7,
  },
  {
    id: 'urgency.soon-as-possible',
    signal: 'urgency',
    first: words('soon'),
    then: words('possible'),
    within: 2,
    weight: 0.7,
  },
  {
    id: 'urgency.deadline',
    signal: 'urgency',
    first: words('by before'),
    then: words('today tonight tomorrow monday tuesday wednesday thursday friday eod'),
    within: 2,
    weight: 0.5,
  },
  {
    id: 'frustration.still',
    signal: 'frustration',
    first: words('still'),
    then: words("not no nothing hasn't haven't isn't doesn't don't can't waiting broken"),
    within: 2,
    weight: 0.7,
  },
  { id: 'frustration.again', signal: 'frustration', first: words('again'), weight: 0.3 },
  {
    id: 'frustration.nth-time',
    signal: 'frustration',
    first: words('second third fourth fifth umpteenth nth'),
    then: words('time times'),
    within: 1,
    weight: 0.7,
  },
  {
    id: 'frustration.how-many-times',
    signal: 'frustration',
    first: words('many'),
    then: words('times'),
    within: 1,
    weight: 0.7,
  },
  {
    id: 'frustration.waiting',
    signal: 'frustration',
    first: words('waiting waited wait'),
    then: words('hours days weeks months forever ages'),
    within: 3,
    weight: 0.7,
  },
  {
    id: 'frustration.nobody',
    signal: 'frustration',
    first: words('nobody noone'),
    then: words('answers answered helps helped responds responded replies replied calls cares'),
    within: 2,
    weight: 0.7,
    allowNegated: true,
  },
  {
    id: 'confusion.dont-understand',
    signal: 'confusion',
    first: words('understand get follow'),
    requireNegated: true,
    weight: 0.8,
  },
  {
    id: 'confusion.no-sense',
    signal: 'confusion',
    first: words('no'),
    then: words('sense idea clue'),
    within: 1,
    weight: 0.7,
    allowNegated: true,
  },
  {
    id: 'confusion.what-mean',
    signal: 'confusion',
    first: words('what'),
    then: words('mean means meant'),
    within: 3,
    weight: 0.6,
  },
  {
    id: 'confusion.unclear',
    signal: 'confusion',
    first: words('confused confusing unclear puzzled lost baffled'),
    weight: 0.8,
  },
  {
    id: 'gratitude.thanks',
    signal: 'gratitude',
    first: words('thanks thank thx ty appreciate appreciated grateful cheers'),
    weight: 0.8,
  },
  {
    id: 'disappointment.expected-better',
    signal: 'disappointment',
    first: words('expected expect'),
    then: words('better more'),
    within: 2,
    weight: 0.7,
  },
  {
    id: 'disappointment.let-down',
    signal: 'disappointment',
    first: words('let'),
    then: words('down'),
    within: 2,
    weight: 0.7,
  },
];

const EMOTION_WORDS = new Map<string, Partial<Record<Emotion, number>>>([
  ['frustrated', { frustration: 0.9 }],
  ['frustrating', { frustration: 0.9 }],
  ['frustration', { frustration: 0.9 }],
  ['annoyed', { frustration: 0.8 }],
  ['annoying', { frustration: 0.8 }],
  ['ridiculous', { frustration: 0.7, anger: 0.3 }],
  ['unacceptable', { frustration: 0.7, anger: 0.5 }],
  ['useless', { frustration: 0.7 }],
  ['fed', { frustration: 0.3 }],
  ['angry', { anger: 0.9 }],
  ['furious', { anger: 1 }],
  ['livid', { anger: 1 }],
  ['outraged', { anger: 0.9 }],
  ['pissed', { anger: 0.9 }],
  ['disgusted', { anger: 0.7 }],
  ['disgraceful', { anger: 0.7 }],
  ['disappointed', { disappointment: 0.9 }],
  ['disappointing', { disappointment: 0.9 }],
  ['disappointment', { disappointment: 0.9 }],
  ['unfortunately', { disappointment: 0.4 }],
  ['shame', { disappointment: 0.5 }],
  ['urgent', { urgency: 0.8 }],
  ['confused', { confusion: 0.8 }],
]);

const lexicon = parseTsv(VADER_LEXICON_TSV);
// entries rated almost neutral ("number" 0.3, "order"-like words) would make plain service messages
// look opinionated; the raters' mean for these is within noise of 0
for (const [word, value] of lexicon) if (Math.abs(value) < MIN_VALENCE) lexicon.delete(word);
for (const [word, value] of Object.entries(OVERRIDES)) lexicon.set(word, value);

/**
 * Lookup keys for a word the lexicon lacks: the adjective of a superlative ("finest" → "fine",
 * "scariest" → "scary", "biggest" → "big", "oddest" → "odd"); "-fest" compounds are not superlatives.
 */
function stems(word: string): readonly string[] {
  if (word.length < 6 || !word.endsWith('est') || word.endsWith('fest')) return NO_STEMS;
  const base = word.slice(0, -3);
  const out = [base, `${base}e`];
  if (base.endsWith('i')) out.push(`${base.slice(0, -1)}y`);
  if (base.charCodeAt(base.length - 1) === base.charCodeAt(base.length - 2)) out.push(base.slice(0, -1));
  return out;
}
const NO_STEMS: readonly string[] = [];

export const en: LanguagePack = {
  code: 'en',
  lexicon,
  phrases: new Map(Object.entries(PHRASES)),
  stems,
  negators: NEGATORS,
  narrowNegators: words('no'),
  interjections: words('lol lolz lmao lmfao rofl roflmao haha hahaha jk'),
  negatorSuffixes: ["n't"],
  boosters: BOOSTERS,
  contrast: words('but however'),
  concessive: words('although though'),
  cues: CUES,
  emotionWords: EMOTION_WORDS,
  sarcasmMarkers: words('yeah oh just wow gee'),
  sarcasmTargets: words(
    'great wonderful perfect fantastic brilliant lovely nice awesome thanks fun terrific',
  ),
  emotionModel: parseEmotionModel(EMOTION_MODEL_EN_TSV),
};
