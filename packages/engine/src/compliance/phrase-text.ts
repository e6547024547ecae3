import { stem as porterStem } from '../text/stem';

/**
 * The words of a message as the policy matcher sees them: lower-cased, contractions written out
 * ("can't" → "can not", "you'll" → "you will"), stemmed for the conversation's language, with the
 * sentence each word is in (voice transcripts have no punctuation: then a message is one sentence
 * and the matcher's short windows do the work). One pass over the text, no regular expression per
 * word; stems are memoised by the stemmers.
 */
export interface PhraseToken {
  stem: string;
  /** Latvian verbs negate with a prefix ("negarantēju"): the stem without it, else undefined. */
  unprefixed?: string;
  start: number;
  end: number;
  sentence: number;
  /** Clause within the message: sentences and commas end one. Negation reaches no further. */
  clause: number;
  /** "not", "never", "no", "ne", "nekad"…: cancels a match close before it. */
  negator: boolean;
  /** Articles, auxiliaries, possessives, fillers ("um"): free inside a phrase's window. */
  filler: boolean;
  /** "can", "will", "would like to"…: what follows is offered or intended, not done. */
  modal: boolean;
}

export type StemLanguage = 'en' | 'lv';

/** The stemmer family for a conversation language: Latvian's, else English's (Porter). */
export function stemLanguage(language: string): StemLanguage {
  return language === 'lv' ? 'lv' : 'en';
}

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'cannot',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'ne',
  'nekad',
  'nekada',
  'nekadā',
  'nevar',
  'nedrikst',
  'nedrīkst',
  'nav',
]);

/** Latvian verbs that negate what follows: "nevaru garantēt", "nedrīkstu", "negribu". */
const LV_NEGATED_VERB = /^(?:nevar|nedr[iī]kst|negrib|nevajag|nevajadz|nev[eē]l|neb[uū]s|neesm|neesa)/;
/** "No problem, you will definitely…", "don't worry, I guarantee…": not a negation of what follows. */
const NOT_NEGATING_NEXT = new Set([
  'problem',
  'problems',
  'worries',
  'worry',
  'doubt',
  'question',
  'questions',
]);

/**
 * Words a phrase may be written with or without: "this call is recorded" is also "the call is being
 * recorded"; "I have updated your address" also "I've updated the address". Modal verbs are not
 * fillers ("I can update" is not "I updated").
 */
const FILLERS = new Set(
  (
    'a an the this that these those is am are was were be been being have has had do does did of ' +
    'your my our their his her its just really actually now already also um uh er erm hmm ok okay ' +
    'so well please kindly successfully ' +
    // Latvian (and its forms without diacritics)
    'ir tiek tika tiks bija būs jūsu jusu mans mana manu savu sava tas tā ta šis sis šī si ka lūdzu ludzu'
  ).split(' '),
);

/** Words that make an action prospective: "I can update your address" has not updated it. */
const MODALS = new Set(
  (
    'can could will would shall should may might must going gonna need needs want wants like able ' +
    'let help how to if once after when before ' +
    'varu varam varat varēsim varesim var vajag vajadzēs vajadzes vēlaties velaties gribat lai ja kad pēc pec'
  ).split(' '),
);

const CONTRACTIONS: Record<string, string> = { ll: 'will', ve: 'have', re: 'are', m: 'am', d: 'would' };
const NOT_BASES: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };

const FOLD: Record<string, string> = {
  ā: 'a',
  č: 'c',
  ē: 'e',
  ģ: 'g',
  ī: 'i',
  ķ: 'k',
  ļ: 'l',
  ņ: 'n',
  š: 's',
  ū: 'u',
  ž: 'z',
  ō: 'o',
  ŗ: 'r',
};

/**
 * Latvian endings, longest first, without diacritics (words are folded first, since people often
 * type without them). A light stemmer: one ending off, at least three letters kept — enough to make
 * "adrese", "adresi", "adreses" one word and "garantēju", "garantēt" another.
 */
const LV_SUFFIXES = [
  'ajiem',
  'ejiet',
  'ejam',
  'ejat',
  'ejis',
  'esim',
  'esiet',
  'ijam',
  'isim',
  'ajam',
  'ajat',
  'ties',
  'ieties',
  'iem',
  'ajam',
  'ajas',
  'aja',
  'eju',
  'eja',
  'esu',
  'iju',
  'ija',
  'isu',
  'aju',
  'ita',
  'its',
  'eta',
  'ets',
  'ata',
  'ats',
  'iet',
  'ies',
  'am',
  'as',
  'es',
  'em',
  'is',
  'im',
  'os',
  'us',
  'um',
  'ai',
  'ei',
  'ij',
  'ju',
  'ja',
  'ta',
  'ts',
  'et',
  'it',
  'at',
  'a',
  'e',
  'i',
  'o',
  'u',
  's',
  't',
].sort((a, b) => b.length - a.length);

const lvCache = new Map<string, string>();

function foldLatvian(word: string): string {
  let out = '';
  for (const ch of word) out += FOLD[ch] ?? ch;
  return out;
}

export function latvianStem(word: string): string {
  const hit = lvCache.get(word);
  if (hit !== undefined) return hit;
  const folded = foldLatvian(word);
  let out = folded;
  if (!/^\d/.test(folded)) {
    for (const suffix of LV_SUFFIXES) {
      if (folded.length - suffix.length >= 3 && folded.endsWith(suffix)) {
        out = folded.slice(0, -suffix.length);
        break;
      }
    }
  }
  if (lvCache.size > 50_000) lvCache.clear();
  lvCache.set(word, out);
  return out;
}

/** Stem of a lower-cased word in the given language; numbers stay as written. */
export function stemWord(word: string, language: StemLanguage): string {
  if (language === 'lv') return latvianStem(word);
  return porterStem(word);
}

function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000;
}
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}
function isClauseEnd(c: number): boolean {
  // , : ( ) – —
  return c === 44 || c === 58 || c === 40 || c === 41 || c === 0x2013 || c === 0x2014;
}
function isSentenceEnd(c: number): boolean {
  // . ! ? ; newline
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 10;
}

/** What a word is for the matcher in one language, apart from where it stands. */
interface Word {
  stem: string;
  unprefixed: string | undefined;
  negator: boolean;
  filler: boolean;
  modal: boolean;
}

/**
 * Each language's words worked out so far: a word costs one lookup instead of its stem's and three
 * lists' (service conversations reuse a small vocabulary). Never changed once made.
 */
const WORDS: Record<StemLanguage, Map<string, Word>> = { en: new Map(), lv: new Map() };
const WORDS_LIMIT = 50_000;

function wordOf(norm: string, language: StemLanguage): Word {
  const known = WORDS[language];
  let word = known.get(norm);
  if (word === undefined) {
    const negator = NEGATORS.has(norm) || (language === 'lv' && LV_NEGATED_VERB.test(norm));
    word = {
      stem: stemWord(norm, language),
      unprefixed:
        language === 'lv' && norm.length >= 5 && norm.startsWith('ne') && !negator
          ? latvianStem(norm.slice(2))
          : undefined,
      negator,
      filler: FILLERS.has(norm),
      modal: MODALS.has(norm),
    };
    if (known.size >= WORDS_LIMIT) known.clear();
    known.set(norm, word);
  }
  return word;
}

/** The message's words for matching. `sentence` restarts at 0 for every message. */
export function phraseTokens(text: string, language: StemLanguage): PhraseToken[] {
  const out: PhraseToken[] = [];
  const n = text.length;
  let sentence = 0;
  let clause = 0;
  let pendingEnd = false;
  let pendingClause = false;
  let i = 0;
  const push = (norm: string, start: number, end: number) => {
    const word = wordOf(norm, language);
    out.push({
      stem: word.stem,
      unprefixed: word.unprefixed,
      start,
      end,
      sentence,
      clause,
      negator: word.negator,
      filler: word.filler,
      modal: word.modal,
    });
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (isSentenceEnd(c) && out.length > 0) pendingEnd = true;
      else if (isClauseEnd(c) && out.length > 0) pendingClause = true;
      i++;
      continue;
    }
    if (pendingEnd) sentence++;
    if (pendingEnd || pendingClause) clause++;
    pendingEnd = pendingClause = false;
    const start = i;
    let apostrophe = -1;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (isWordCode(d)) i++;
      else if (isApostrophe(d) && apostrophe < 0 && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
        apostrophe = i;
        i++;
      } else break;
    }
    // "e-mail", "e-pasts": a one-letter prefix joins its word, so the phrase "email" matches it.
    let raw = text.slice(start, i).toLowerCase();
    if (i - start === 1 && text.charCodeAt(i) === 45 && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < n && isWordCode(text.charCodeAt(j))) j++;
      raw += text.slice(i + 1, j).toLowerCase();
      i = j;
    }
    if (apostrophe < 0) {
      push(raw, start, i);
      continue;
    }
    const base = raw.slice(0, apostrophe - start);
    const suffix = raw.slice(apostrophe - start + 1);
    if (suffix === 't' && base.endsWith('n')) {
      const b = base.slice(0, -1);
      push(NOT_BASES[b] ?? b, start, i);
      push('not', start, i);
    } else if (suffix === 's') {
      push(base, start, i); // "it's", "customer's": the possessive or "is" is a filler either way
    } else if (CONTRACTIONS[suffix]) {
      push(base, start, i);
      push(CONTRACTIONS[suffix]!, start, i);
    } else {
      push(base + suffix, start, i);
    }
  }
  // "no problem", "don't worry": the negator is spent on its own word.
  for (let k = 0; k + 1 < out.length; k++)
    if (
      out[k]!.negator &&
      NOT_NEGATING_NEXT.has(text.slice(out[k + 1]!.start, out[k + 1]!.end).toLowerCase())
    )
      out[k]!.negator = false;
  return out;
}

/** A phrase as written in a policy, as the stems the matcher looks for. */
export interface CompiledPhrase {
  text: string;
  /** Required stems, distinct, in the phrase's order (fillers left out unless the phrase is only fillers). */
  stems: string[];
  /** The stem the matcher looks up first: the phrase's longest (rarest) word. */
  anchor: string;
  /** The phrase says "not"/"never" itself: negation near it does not cancel it. */
  negated: boolean;
}

export function compilePhrase(text: string, language: StemLanguage): CompiledPhrase | null {
  const tokens = phraseTokens(text.replace(/[.!?;]/g, ' '), language);
  if (tokens.length === 0) return null;
  const content = tokens.filter((t) => !t.filler);
  const chosen = content.length > 0 ? content : tokens;
  const stems = [...new Set(chosen.map((t) => t.stem))];
  let anchor = stems[0]!;
  for (const s of stems) if (s.length > anchor.length) anchor = s;
  return { text, stems, anchor, negated: tokens.some((t) => t.negator) };
}
