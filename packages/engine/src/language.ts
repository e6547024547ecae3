/**
 * Cheap language detection for conversations that arrive without a language: counts frequent
 * function words and language-specific letters. Good enough to choose between the analyzers'
 * languages (English, Latvian); it is not a general-purpose identifier.
 */

const PROFILES: ReadonlyArray<{ code: string; stopwords: ReadonlySet<string>; letters: string }> = [
  {
    code: 'en',
    stopwords: new Set(
      (
        'the and is are was were to you your my i it of for this that not have has had with on in me ' +
        'please thanks thank can could would will do does did be been what when why how there they ' +
        'we an at as if but just so all any our from about'
      ).split(' '),
    ),
    letters: '',
  },
  {
    code: 'lv',
    stopwords: new Set(
      (
        'un ir es man mans mana ka kā nav lūdzu paldies vai jūs jums jūsu ar uz par to tas tā šis šī ' +
        'bet kad arī jau vēl tikai ļoti labdien sveiki gribu vēlos varat var kāpēc kur kas mēs mums ' +
        'jā nē būs bija viņš viņa tad pie līdz pēc'
      ).split(' '),
    ),
    letters: 'āčēģīķļņšūž',
  },
];

const WORD = /[\p{L}']+/gu;
const SAMPLE_CHARS = 4000;
/** Each profile's letters as UTF-16 code units: the loop below looks at one code unit at a time. */
const LETTER_CODES: ReadonlyArray<ReadonlySet<number>> = PROFILES.map(
  (p) => new Set(Array.from({ length: p.letters.length }, (_, i) => p.letters.charCodeAt(i))),
);

/** Returns a language code ("en", "lv"); English when there is no evidence either way. */
export function detectLanguage(texts: readonly string[]): string {
  let sample = '';
  for (const text of texts) {
    if (sample.length >= SAMPLE_CHARS) break;
    sample += ` ${text.slice(0, SAMPLE_CHARS - sample.length)}`;
  }
  sample = sample.toLowerCase();
  const scores = PROFILES.map(() => 0);
  WORD.lastIndex = 0;
  for (let match = WORD.exec(sample); match !== null; match = WORD.exec(sample)) {
    const word = match[0];
    for (let k = 0; k < PROFILES.length; k++) if (PROFILES[k]!.stopwords.has(word)) scores[k]! += 1;
  }
  // language-specific letters: each counts for half a stopword
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 128) continue;
    for (let k = 0; k < PROFILES.length; k++) if (LETTER_CODES[k]!.has(code)) scores[k]! += 0.5;
  }
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
  return scores[best]! > 0 ? PROFILES[best]!.code : 'en';
}
