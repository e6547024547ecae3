import { AMBIGUOUS_NAMES, GIVEN_NAMES, NOT_NAME_WORDS, SURNAMES } from './names.data';
import type { PiiSpan } from './types';

/** A capitalised name word ("Ilze", "O'Neil", "Bērziņa", "Anna-Marija"); up to three of them. */
const NAME = String.raw`\p{Lu}[\p{L}'’-]*\p{Ll}`;
const FULL_NAME = String.raw`${NAME}(?:\s(?:${NAME}|\p{Lu}\.?(?=\s\p{Lu})))?(?:\s${NAME})?`;
/** "Kevin Veitonen II", "John Smith Jr.": a generation after a name belongs to it. */
const GENERATION = /^ (?:II|III|IV|Jr\.?|Sr\.?)(?![\p{L}])/u;

/**
 * Phrases that introduce a name, English and Latvian; the name follows (in group 1). Case-folded
 * where the phrase is, never the name: a name must start with a capital letter.
 */
const INTRODUCED = new RegExp(
  String.raw`(?:\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame on the (?:card|account) is|[Ii]n the name of|[Cc]ardholder(?: name)?(?: is)?:?|[Aa]ccount holder(?: is)?:?|[Tt]his is|[Cc]all me|[Aa]sk for|[Ss]peak(?:ing)? (?:to|with)|[Ii]t's|[Ii] am|[Ii]'m|[Dd]ear|[Nn]ame:|(?:says|said|asked|told|replied|shouted at|thanks to|according to)(?=\s\p{Lu})|[Mm]y (?:kid|son|daughter|wife|husband|partner|mother|father|brother|sister|child|mom|mum|dad|grandson|granddaughter|grandmother|grandfather)|(?:[Mm]aiden|[Ll]ast|[Ff]irst|[Ff]ull|[Mm]iddle) name is|[Nn]amed (?:him|her)|(?:[Pp]artner|[Ss]pouse|[Hh]usband|[Ww]ife)'s name|[Rr]egards,|[Ss]incerely,|[Mm]ani sauc|[Mm]ans vārds ir|[Mm]an vārdā|[Vv]ārds ir|[Aa]r jums runā|[Rr]unā|[Ee]s esmu|[Cc]ien\.|[Cc]ienījam\p{L}*|[Gg]odāt\p{L}*|[Aa]r cieņu,|(?:[Ww]hat(?:'s| is) (?:your|the) (?:full |last |first )?name(?: on the (?:card|account))?|[Ww]ho am I speaking (?:to|with)|[Kk]ā jūs sauc|[Jj]ūsu vārds)\?(?:\s*(?:User|Customer|Client|Klients):)?)\s+)(${FULL_NAME})`,
  'gu',
);
/** After "this is", "I am", "I'm", "it's" a capitalised word is a name only if these follow. */
const WEAK_LEAD = /^(?:[Tt]his is|[Ii] am|[Ii]'m|[Ii]t's|[Ee]s esmu|[Rr]unā)\s/;
const AFTER_WEAK =
  /^(?:\s+(?:speaking|here|from|calling|with|no\b|šeit|no uzņēmuma)|,\s*(?:your|the|an?|jūsu)\b)/u;
/** A title before the name: Mr Bērziņš, Dr. Ozola. */
const TITLED = new RegExp(
  String.raw`\b(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Sir|Madam|Dame|Lady|Lord)\.?\s+(${FULL_NAME})`,
  'gu',
);
/** The Latvian kungs / kundze after the name: "Ozola kundze", "Bērziņa kungs". */
const KUNGS = new RegExp(
  String.raw`(${NAME}(?:\s${NAME})?)\s(?:kungs|kungam|kunga|kungu|kundze|kundzei|kundzes|kundzi)\b`,
  'gu',
);
/** A greeting or a sign-off with a name: "Hi Vinicio,", "Thanks, Ilze", "Paldies, Jāni!". */
const GREETED = new RegExp(
  String.raw`\b(?:Hi|Hello|Hey|Dear|Thanks|Thank you|Cheers|Regards|Sveiki|Labdien|Paldies|Čau|Ar cieņu),? (${NAME}(?:\s${NAME})?)(?=\s*(?:[,!.?:]|$))`,
  'gu',
);
const SENTENCE_START = /(?:^|[.!?]\s+|\n\s*)$/;
/** "Ilze speaking" at the start of a sentence. */
const SPEAKING = new RegExp(String.raw`(${FULL_NAME})\s(?:speaking|here)\b`, 'gu');
const AFTER_SENTENCE_START = /(?:^|[.!?,]\s+)$/;
/** Whoever lives somewhere is a person: "Cendrillon Coudert lives at 333 …", "Trivo lives on …". */
const LIVES = new RegExp(
  String.raw`(?<![\p{L}'’-])(${FULL_NAME}) (?:lives|lived|has lived) (?:at|on|in)\b`,
  'gu',
);
/** Someone addressed by name with a request: "Kuba, can I please speak to your boss?". */
const ADDRESSED =
  /(?:^|[.!?]\s+|\n)(\p{Lu}[\p{Ll}'’-]{2,}), (?=(?:can|could|would|will) (?:I|you|we)\b|please\b)/gu;
const ASKING = /, (?:can|could|would|will|please)\b/;
/** Words that start such a sentence and are not names. */
const NOT_ADDRESSED = new Set(
  'Hello Hi Hey Yes No Yeah Yep Nope Ok Okay Sorry Please Well So Now Also And But Then Again Honestly Seriously Listen Look Wait Excuse Thanks Guys Folks Everyone Everybody Anyone Someone Friends Team Anyway Actually Right Sure Fine Great Good Alright Oh Ah Um Hmm Wow Today Tomorrow Tonight Yesterday Sadly Unfortunately Luckily Meanwhile However Besides Finally First Second Otherwise Therefore Agent Operator Support Hallo Sveiki Labdien Lūdzu'.split(
    ' ',
  ),
);

/** Capitalised words the phrases above are followed by that are not names. */
const NOT_NAMES = new Set([
  'I',
  'The',
  'A',
  'An',
  'My',
  'Your',
  'Our',
  'This',
  'That',
  'It',
  'We',
  'You',
  'He',
  'She',
  'They',
  'Sir',
  'Madam',
  'Customer',
  'Support',
  'Team',
  'Billing',
  'Sales',
  'Service',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Sorry',
  'Not',
  'Just',
  'Very',
  'So',
  'Still',
  'Calling',
  'Here',
  'Really',
  'Happy',
  'Glad',
  'Afraid',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'Klient',
  'Klients',
  'Es',
  'Jūs',
  'Mēs',
  'Viņš',
  'Viņa',
  'Šis',
  'Tas',
  'Paldies',
  'Labdien',
  'Sveiki',
  'Hello',
  'Hi',
  'Thanks',
  'English',
  'Latvian',
  'American',
  'British',
  'Ok',
  'OK',
  'Okay',
  'Yes',
  'No',
  'Please',
  "I'm",
  "I've",
  "I'll",
  "I'd",
  'Bye',
  'Nope',
  'Yep',
  'Yeah',
  'Cancel',
  'Alright',
  'Sure',
  'Great',
  'Perfect',
  'Awesome',
  'Brilliant',
  'Fine',
  'Cool',
  'Nice',
  'Done',
  'Wait',
  'Whatever',
  'Good',
  'Morning',
  'Evening',
  'Help',
  'World',
  'Everyone',
  'All',
  'There',
  'Guys',
  'Folks',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Dear',
  'Hey',
  'Thank',
  'Regards',
  'Best',
  'Kind',
  'Agent',
  'Bot',
  'User',
  'Client',
  'Manager',
  'Street',
  'Avenue',
  'Road',
  'Apt',
  'Suite',
]);

for (const word of NOT_NAME_WORDS.split(' ')) NOT_NAMES.add(word);

/**
 * The gazetteer (names.data.ts, generated by scripts/build-name-lists.mjs): one map from a word to
 * what it is, so each capitalised word costs one lookup.
 */
const GIVEN = 1;
const SURNAME = 2;
/** Also a frequent word or a place ("Will", "Jordan"): a name only next to a plain one. */
const AMBIGUOUS = 4;
const NOT_NAME = 8;
/** A street kind or a company word: the name before it names a street or a firm ("Russell Investments"). */
const NAMES_A_PLACE = 16;
const GAZETTEER = new Map<string, number>();
for (const [list, bit] of [
  [GIVEN_NAMES.split(' '), GIVEN],
  [SURNAMES.split(' '), SURNAME],
  [AMBIGUOUS_NAMES.split(' '), AMBIGUOUS],
  [[...NOT_NAMES], NOT_NAME],
  [NOT_NAME_WORDS.split(' '), NAMES_A_PLACE],
] as const)
  for (const word of list) GAZETTEER.set(word, (GAZETTEER.get(word) ?? 0) | bit);

/**
 * A run of capitalised words and initials, one space apart, starting with a word of two letters or
 * more, a one-letter word only as an initial: "Vanessa P. Hertzog", "Ravil G Yefimov", "Hi Vinicio"
 * (the pronoun "I", the most frequent capital, costs nothing).
 */
const CAPITALISED_RUN =
  /(?<![\p{L}\d'’-])\p{Lu}[\p{L}'’-]+(?: (?:\p{Lu}\.|\p{Lu}(?= \p{Lu})|\p{Lu}[\p{L}'’-]+))*/gu;
/** Lower-case letters after the first: "ACME" and "SEINÄJOKI" are not names. */
const LOWER_AFTER_FIRST = /^\p{Lu}.*\p{Ll}/u;

const enum Kind {
  Stop,
  Initial,
  Unknown,
  Given,
  Surname,
  /** Both a given name and a surname ("Thomas", "Martin"). */
  Either,
}

function kindOf(word: string, bits: number): Kind {
  const n = word.length;
  if (n === 1 || (n === 2 && word.charCodeAt(1) === 46) /* . */) return Kind.Initial;
  if (bits & NOT_NAME) return Kind.Stop;
  // Two-letter "names" ("To", "In", "My") are words far more often.
  if (bits & (GIVEN | SURNAME))
    return n < 3 ? Kind.Unknown : bits & GIVEN ? (bits & SURNAME ? Kind.Either : Kind.Given) : Kind.Surname;
  if (!LOWER_AFTER_FIRST.test(word)) return Kind.Stop;
  return surnameShaped(word) ? Kind.Surname : Kind.Unknown;
}

const known = (k: Kind) => k >= Kind.Given;

/**
 * Surname endings of Slavic, Nordic, Finnish, Baltic, Greek and Romanian names (Yefremova, Usamov,
 * Steinarsdóttir, Rintanen, Šušulić, Bērziņš): a capitalised word of this shape is a surname even
 * when the lists lack it.
 */
const SURNAME_SHAPE =
  /^\p{Lu}\p{Ll}{2,}(?:ov|ova|ev|eva|ovich|ovna|evich|evna|enko|shvili|dze|sson|dóttir|dottir|ović|ević|vić|ić|ová|ská|ský|ski|ska|sky|escu|opoulos|akis|inen|änen|anen|iņš|iņa|ņš|yan|yev|yeva)$/u;
/** The last two letters of those endings: a word ending otherwise ("Before", "Could") skips the test. */
const SHAPE_TAILS = new Set(
  'ov va ev ch na ko li ze on ir ić vá ká ký ki ka ky cu os is en ņš ņa an ev'.split(' '),
);
const surnameShaped = (word: string) =>
  word.length >= 5 && SHAPE_TAILS.has(word.slice(-2)) && SURNAME_SHAPE.test(word);

/**
 * Firms named after their founders: "Jones, Smith and Davis" after "at", "from", "for", "of" or
 * "The", or before a company word ("… and Williamson Orchestra", "… and Sons").
 */
const FIRM = new RegExp(
  String.raw`(?:\b(?:[Aa]t|[Ff]rom|[Ff]or|[Oo]f|[Ww]ith|[Jj]oined|The)\s)${NAME}(?:,\s${NAME})+,?\sand\s${NAME}|${NAME}(?:,\s${NAME})+,?\sand\s${NAME}(?=\s(?:Orchestra|Ltd|Inc|LLC|Group|Sons|Partners|Associates|Law|Company|Co\b))`,
  'gu',
);

/** [start, end) pairs of the firms in `text`. */
function firmsIn(text: string): number[] {
  const spans: number[] = [];
  FIRM.lastIndex = 0;
  for (let m = FIRM.exec(text); m; m = FIRM.exec(text)) spans.push(m.index, m.index + m[0].length);
  return spans;
}

function insideFirm(firms: number[], at: number): boolean {
  for (let i = 0; i < firms.length; i += 2) if (at >= firms[i]! && at < firms[i + 1]!) return true;
  return false;
}

/**
 * Names found by the gazetteer in a run of capitalised words: the stretch from the first to the last
 * known name (initials inside kept), with one unknown word after a given name ("Teresa Kreutzmann")
 * or before a surname. A lone name counts unless it is also a frequent word or a place ("Will",
 * "Jordan"); two names together count even then ("Will Smith").
 */
/** "Kevin's" is Kevin. */
const withoutPossessive = (w: string) =>
  w.length > 2 && w.endsWith('s') && (w.endsWith("'s") || w.endsWith('’s')) ? w.slice(0, -2) : w;

function pushKnownNames(out: PiiSpan[], runStart: number, run: string, firms: number[]): void {
  if (!run.includes(' ')) {
    // Most runs are one word ("Thanks", "Hello", "Ilze"): one lookup, and a shape test for a long
    // word the lists lack.
    const word = withoutPossessive(run);
    const bits = GAZETTEER.get(word) ?? 0;
    if (bits & (NOT_NAME | AMBIGUOUS)) return;
    const n = word.length;
    const name = bits & (GIVEN | SURNAME) ? n > 2 : surnameShaped(word);
    if (name && !insideFirm(firms, runStart))
      out.push({
        type: 'person',
        start: runStart,
        end: runStart + n,
        ruleId: 'pii.person.gazetteer',
        masked: false,
        mask: '[PERSON]',
      });
    return;
  }
  const raws = run.split(' ');
  const bitsOf = raws.map((raw) => GAZETTEER.get(withoutPossessive(raw)) ?? 0);
  // "Northwind Bank", "Before I": no name and no initial, nothing to do.
  if (!bitsOf.some((b) => b & (GIVEN | SURNAME)) && !run.includes('.') && !raws.some(surnameShaped)) return;
  const words: { start: number; end: number; kind: Kind; plain: boolean; place: boolean }[] = [];
  let at = 0;
  raws.forEach((raw, k) => {
    const word = withoutPossessive(raw);
    const bits = bitsOf[k]!;
    const kind = kindOf(word, bits);
    const plain = kind >= Kind.Given && !(bits & AMBIGUOUS);
    const place = (bits & NAMES_A_PLACE) !== 0;
    words.push({ start: runStart + at, end: runStart + at + word.length, kind, plain, place });
    at += raw.length + 1;
  });
  let i = 0;
  while (i < words.length) {
    // "Faina D. Yefremova": a capitalised word, an initial and a capitalised word are a name.
    if (
      words[i]!.kind === Kind.Unknown &&
      i + 2 < words.length &&
      words[i + 1]!.kind === Kind.Initial &&
      words[i + 2]!.kind >= Kind.Unknown
    ) {
      out.push({
        type: 'person',
        start: words[i]!.start,
        end: words[i + 2]!.end,
        ruleId: 'pii.person.initial',
        masked: false,
        mask: '[PERSON]',
      });
      i += 3;
      continue;
    }
    if (!known(words[i]!.kind)) {
      i++;
      continue;
    }
    // A stretch of names, unknown words and initials with a known name at each end.
    let last = i;
    for (let j = i + 1; j < words.length && words[j]!.kind !== Kind.Stop; j++)
      if (known(words[j]!.kind)) last = j;
    let first = i;
    if (first > 0 && words[first]!.kind === Kind.Surname && words[first - 1]!.kind === Kind.Unknown) first--;
    while (first > 0 && words[first - 1]!.kind === Kind.Initial) first--;
    if (last + 1 < words.length && words[last]!.kind !== Kind.Surname) {
      const next = words[last + 1]!.kind;
      if (next === Kind.Unknown) last++;
      else if (next === Kind.Initial)
        // "Vanessa P. Hertzog", and the agent's "Yusuf L." with only the initial of a surname.
        last += last + 2 < words.length && words[last + 2]!.kind === Kind.Unknown ? 2 : 1;
    }
    let plain = false;
    for (let j = first; j <= last; j++) if (words[j]!.plain) plain = true;
    const before = last + 1 < words.length && words[last + 1]!.place;
    if (plain && !before && !insideFirm(firms, words[first]!.start)) {
      if (words[first]!.kind !== Kind.Initial || first !== last)
        out.push({
          type: 'person',
          start: words[first]!.start,
          end: words[last]!.end,
          ruleId: 'pii.person.gazetteer',
          masked: false,
          mask: '[PERSON]',
        });
    }
    i = last + 1;
  }
}

function pushName(out: PiiSpan[], start: number, name: string, ruleId: string): void {
  // A trailing word that is not a name ("John Here") is dropped, and a phrase with no name kept out.
  const words = name.split(/\s/);
  if (NOT_NAMES.has(words[0]!)) return;
  while (words.length > 1 && NOT_NAMES.has(words[words.length - 1]!)) words.pop();
  const kept = words.join(' ');
  out.push({ type: 'person', start, end: start + kept.length, ruleId, masked: false, mask: '[PERSON]' });
}

const CAPITAL = /\p{Lu}/u;

const LOWER_WORD = /\p{Ll}[\p{Ll}'’-]{2,}/gu;
const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
/** A plain given name or surname: not also a frequent word, a place, a street or a firm word. */
const plainly = (bits: number, bit: number) =>
  (bits & bit) !== 0 && (bits & (AMBIGUOUS | NOT_NAME | NAMES_A_PLACE)) === 0;

/**
 * Someone who types without capitals writes names in lower case too ("follow up with patricia
 * desrosiers"): in a text with no capital letter, a plain given name followed by a plain surname
 * (or a surname-shaped word) is a name. Both must be unambiguous, so "will smith" stays words.
 */
function pushLowerCaseNames(out: PiiSpan[], text: string): void {
  LOWER_WORD.lastIndex = 0;
  let before: RegExpExecArray | null = null;
  for (let m = LOWER_WORD.exec(text); m; before = m, m = LOWER_WORD.exec(text)) {
    if (!before || before.index + before[0].length + 1 !== m.index || text[m.index - 1] !== ' ') continue;
    const surname = capitalised(m[0]);
    const bits = GAZETTEER.get(surname) ?? 0;
    if (!plainly(bits, SURNAME | GIVEN) && !(bits === 0 && surnameShaped(surname))) continue;
    if (!plainly(GAZETTEER.get(capitalised(before[0])) ?? 0, GIVEN)) continue;
    out.push({
      type: 'person',
      start: before.index,
      end: m.index + m[0].length,
      ruleId: 'pii.person.lower_case',
      masked: false,
      mask: '[PERSON]',
    });
  }
}

/** "Gaetane, Hannah, Anthony and Derek": three or more single capitalised words listed with "and". */
const LISTED_WORD = String.raw`\p{Lu}\p{Ll}[\p{L}'’-]*`;
const LISTED = new RegExp(
  String.raw`(?<![\p{L}'’.-])${LISTED_WORD}(?:,\s${LISTED_WORD}){1,8},?\s(?:and|un|&)\s${LISTED_WORD}(?![\p{L}'’-])`,
  'gu',
);
const LISTED_ITEM = new RegExp(LISTED_WORD, 'gu');
/** The same list typed in lower case: "they had 6: silvana, adam, christopher, kristina, chad and caleb". */
const LISTED_LOWER =
  /(?<![\p{L}'’.-])\p{Ll}{3,}(?:,\s\p{Ll}{3,}){1,8},?\s(?:and|un|&)\s\p{Ll}{3,}(?![\p{L}'’-])/gu;
const LISTED_LOWER_ITEM = /\p{Ll}{3,}/gu;

/**
 * A list in which at least two items are known given names is a list of people, so its other items
 * are names too ("They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew"). A list of surnames
 * alone may be a firm ("Owens, Duran and Oneal") and is left to the firm rule.
 */
function pushListedNames(out: PiiSpan[], text: string, lowerCase: boolean): void {
  const list = lowerCase ? LISTED_LOWER : LISTED;
  list.lastIndex = 0;
  for (let m = list.exec(text); m; m = list.exec(text)) {
    const items = [...m[0].matchAll(lowerCase ? LISTED_LOWER_ITEM : LISTED_ITEM)].filter(
      (w) => w[0] !== 'and' && w[0] !== 'un',
    );
    // Two plain given names and more than half of the items: "Chad" or "Jordan" among them is a name too.
    let given = 0;
    let stop = false;
    for (const w of items) {
      const bits = GAZETTEER.get(lowerCase ? capitalised(w[0]) : w[0]) ?? 0;
      if (bits & (NOT_NAME | NAMES_A_PLACE)) stop = true;
      else if (plainly(bits, GIVEN)) given++;
    }
    if (stop || given < 2 || given * 2 <= items.length) continue;
    for (const w of items) pushName(out, m.index + w.index, w[0], 'pii.person.listed');
  }
}

/**
 * A name found once names the same person wherever else the text writes it: "My name is Christine
 * Hertzog but everyone calls me Christine", "Valida spent a year … as the assistant to Valida M.
 * Ibragimov". Only words that are plainly names (not also a frequent word or a place) are followed.
 */
function pushRepeatedNames(out: PiiSpan[], text: string, from: number): void {
  const words = new Set<string>();
  for (let i = from; i < out.length; i++) {
    const find = out[i]!;
    if (find.type !== 'person') continue;
    for (const raw of text.slice(find.start, find.end).split(/\s+/)) {
      const word = withoutPossessive(raw);
      if (word.length < 3 || !LOWER_AFTER_FIRST.test(word)) continue;
      if ((GAZETTEER.get(word) ?? 0) & (NOT_NAME | AMBIGUOUS | NAMES_A_PLACE) || NOT_NAMES.has(word))
        continue;
      words.add(word);
    }
  }
  const found = out.slice(from).filter((f) => f.type === 'person');
  for (const word of words)
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      const end = at + word.length;
      if (LETTER.test(text.charAt(at - 1)) || LETTER.test(text.charAt(end))) continue;
      if (found.some((f) => f.start <= at && end <= f.end)) continue;
      out.push({
        type: 'person',
        start: at,
        end,
        ruleId: 'pii.person.repeated',
        masked: false,
        mask: '[PERSON]',
      });
    }
}
const LETTER = /\p{L}/u;

/**
 * The sender's name heading a letter or a signature block: the text's first line is two or three
 * capitalised words and initials (" >Tzigane Lantos", "Cormac Allan") and the text goes on to give an
 * address, a phone or an e-mail address. Words that name a firm or a place ("Roadify Transit") are not.
 */
const HEADING =
  /^[^\p{L}\n]{0,6}(\p{Lu}[\p{Ll}'’-]+(?: {1,2}(?:\p{Lu}\.?|\p{Lu}[\p{Ll}'’-]+)){1,2})[ \t]*\n/u;
function pushHeadingName(out: PiiSpan[], text: string): void {
  const m = HEADING.exec(text);
  if (!m || !out.some((f) => f.type === 'address' || f.type === 'phone' || f.type === 'email')) return;
  const words = m[1]!.split(/ +/);
  if (words.some((w) => (GAZETTEER.get(w) ?? 0) & (NOT_NAME | NAMES_A_PLACE) || NOT_NAMES.has(w))) return;
  if (!words.some((w) => (GAZETTEER.get(w) ?? 0) & (GIVEN | SURNAME) || surnameShaped(w))) return;
  const start = m.index + m[0].indexOf(m[1]!);
  out.push({
    type: 'person',
    start,
    end: start + m[1]!.length,
    ruleId: 'pii.person.heading',
    masked: false,
    mask: '[PERSON]',
  });
}

/**
 * Names of people: given names and surnames the gazetteer knows, in runs of capitalised words
 * ("says Eklund", "Teresa Kreutzmann", "Vanessa P. Hertzog"), and any capitalised name where the
 * words around it say so ("my name is …", "this is … speaking", "Mr …", "… kundze", "mani sauc …"),
 * English and Latvian. Text without a capital letter holds no name.
 */
export function findPersons(text: string, out: PiiSpan[]): void {
  const from = out.length;
  if (!CAPITAL.test(text)) {
    pushLowerCaseNames(out, text);
    if (text.includes(' and ') && text.includes(', ')) pushListedNames(out, text, true);
    return;
  }
  const firms = text.includes(' and ') && text.includes(', ') ? firmsIn(text) : [];
  CAPITALISED_RUN.lastIndex = 0;
  for (let m = CAPITALISED_RUN.exec(text); m; m = CAPITALISED_RUN.exec(text))
    pushKnownNames(out, m.index, m[0], firms);
  if (firms.length === 0 && text.includes(' and ') && text.includes(', ')) pushListedNames(out, text, false);
  INTRODUCED.lastIndex = 0;
  for (let m = INTRODUCED.exec(text); m; m = INTRODUCED.exec(text)) {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    if (WEAK_LEAD.test(m[0]) && !AFTER_WEAK.test(text.slice(start + name.length, start + name.length + 24)))
      continue;
    pushName(out, start, name, 'pii.person.introduced');
  }
  TITLED.lastIndex = 0;
  for (let m = TITLED.exec(text); m; m = TITLED.exec(text))
    pushName(out, m.index + m[0].length - m[1]!.length, m[1]!, 'pii.person.title');
  // The patterns that may start at any capitalised word run only when their keyword is in the text.
  if (text.includes(' kun')) {
    KUNGS.lastIndex = 0;
    for (let m = KUNGS.exec(text); m; m = KUNGS.exec(text)) pushName(out, m.index, m[1]!, 'pii.person.title');
  }
  GREETED.lastIndex = 0;
  for (let m = GREETED.exec(text); m; m = GREETED.exec(text)) {
    // Only where a sentence or a line starts: "so, thanks Ilze" is not a greeting.
    if (!SENTENCE_START.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    const name = m[1]!;
    pushName(out, m.index + m[0].length - name.length, name, 'pii.person.greeting');
  }
  SPEAKING.lastIndex = 0;
  if (text.includes(' speaking') || text.includes(' here'))
    for (let m = SPEAKING.exec(text); m; m = SPEAKING.exec(text))
      if (AFTER_SENTENCE_START.test(text.slice(Math.max(0, m.index - 3), m.index)))
        pushName(out, m.index, m[1]!, 'pii.person.speaking');
  if (text.includes(' lived ') || text.includes(' lives ')) {
    LIVES.lastIndex = 0;
    for (let m = LIVES.exec(text); m; m = LIVES.exec(text))
      if (!m[1]!.split(' ').some((w) => (GAZETTEER.get(w) ?? 0) & NAMES_A_PLACE))
        pushName(out, m.index, m[1]!, 'pii.person.lives');
  }
  if (ASKING.test(text)) {
    ADDRESSED.lastIndex = 0;
    for (let m = ADDRESSED.exec(text); m; m = ADDRESSED.exec(text)) {
      const name = m[1]!;
      if (
        NOT_ADDRESSED.has(name) ||
        NOT_NAMES.has(name) ||
        (GAZETTEER.get(name) ?? 0) & (NOT_NAME | NAMES_A_PLACE)
      )
        continue;
      pushName(out, m.index + m[0].length - name.length - 2, name, 'pii.person.addressed');
    }
  }
  if (text.includes('\n')) pushHeadingName(out, text);
  pushRepeatedNames(out, text, from);
  for (let i = from; i < out.length; i++) {
    const find = out[i]!;
    const generation = find.type === 'person' ? GENERATION.exec(text.slice(find.end, find.end + 5)) : null;
    if (generation) find.end += generation[0].length;
  }
}
