import type { PiiSpan } from './types';

/** A capitalised name word ("Ilze", "O'Neil", "Bērziņa", "Anna-Marija"); up to three of them. */
const NAME = String.raw`\p{Lu}[\p{L}'’-]*\p{Ll}`;
const FULL_NAME = String.raw`${NAME}(?:\s(?:${NAME}|\p{Lu}\.?(?=\s\p{Lu})))?(?:\s${NAME})?`;

/**
 * Phrases that introduce a name, English and Latvian; the name follows (in group 1). Case-folded
 * where the phrase is, never the name: a name must start with a capital letter.
 */
const INTRODUCED = new RegExp(
  String.raw`(?:\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame on the (?:card|account) is|[Ii]n the name of|[Cc]ardholder(?: name)?(?: is)?:?|[Aa]ccount holder(?: is)?:?|[Tt]his is|[Cc]all me|[Aa]sk for|[Ss]peak(?:ing)? (?:to|with)|[Ii]t's|[Ii] am|[Ii]'m|[Dd]ear|[Rr]egards,|[Ss]incerely,|[Mm]ani sauc|[Mm]ans vārds ir|[Mm]an vārdā|[Vv]ārds ir|[Aa]r jums runā|[Rr]unā|[Ee]s esmu|[Cc]ien\.|[Cc]ienījam\p{L}*|[Gg]odāt\p{L}*|[Aa]r cieņu,|(?:[Ww]hat(?:'s| is) (?:your|the) (?:full |last |first )?name(?: on the (?:card|account))?|[Ww]ho am I speaking (?:to|with)|[Kk]ā jūs sauc|[Jj]ūsu vārds)\?(?:\s*(?:User|Customer|Client|Klients):)?)\s+)(${FULL_NAME})`,
  'gu',
);
/** After "this is", "I am", "I'm", "it's" a capitalised word is a name only if these follow. */
const WEAK_LEAD = /^(?:[Tt]his is|[Ii] am|[Ii]'m|[Ii]t's|[Ee]s esmu|[Rr]unā)\s/;
const AFTER_WEAK =
  /^(?:\s+(?:speaking|here|from|calling|with|no\b|šeit|no uzņēmuma)|,\s*(?:your|the|an?|jūsu)\b)/u;
/** A title before the name (Mr Bērziņš, Dr. Ozola) or the Latvian kungs / kundze after it. */
const TITLED = new RegExp(
  String.raw`\b(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Sir|Madam|Dame|Lady|Lord)\.?\s+(${FULL_NAME})|(${NAME}(?:\s${NAME})?)\s(?:kungs|kungam|kunga|kungu|kundze|kundzei|kundzes|kundzi)\b`,
  'gu',
);
/** "Ilze speaking" at the start of a sentence. */
const SPEAKING = new RegExp(String.raw`(?:^|[.!?,]\s+)(${FULL_NAME})\s(?:speaking|here)\b`, 'gu');

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
]);

function pushName(out: PiiSpan[], start: number, name: string, ruleId: string): void {
  // A trailing word that is not a name ("John Here") is dropped, and a phrase with no name kept out.
  const words = name.split(/\s/);
  if (NOT_NAMES.has(words[0]!)) return;
  while (words.length > 1 && NOT_NAMES.has(words[words.length - 1]!)) words.pop();
  const kept = words.join(' ');
  out.push({ type: 'person', start, end: start + kept.length, ruleId, masked: false, mask: '[PERSON]' });
}

/**
 * Names of people where the words around them say so ("my name is …", "this is … speaking",
 * "Mr …", "… kundze", "mani sauc …"), English and Latvian. A capitalised word with no such context
 * is not reported: without a model, that is where rules stop being right.
 */
export function findPersons(text: string, out: PiiSpan[]): void {
  INTRODUCED.lastIndex = 0;
  for (let m = INTRODUCED.exec(text); m; m = INTRODUCED.exec(text)) {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    if (WEAK_LEAD.test(m[0]) && !AFTER_WEAK.test(text.slice(start + name.length, start + name.length + 24)))
      continue;
    pushName(out, start, name, 'pii.person.introduced');
  }
  TITLED.lastIndex = 0;
  for (let m = TITLED.exec(text); m; m = TITLED.exec(text)) {
    const name = m[1] ?? m[2]!;
    const start = m[1] ? m.index + m[0].length - name.length : m.index;
    pushName(out, start, name, 'pii.person.title');
  }
  SPEAKING.lastIndex = 0;
  for (let m = SPEAKING.exec(text); m; m = SPEAKING.exec(text)) {
    const name = m[1]!;
    pushName(out, m.index + m[0].indexOf(name), name, 'pii.person.speaking');
  }
}
