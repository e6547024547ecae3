import {
  estimatedJaccard,
  lshBands,
  minhash,
  minhashOfHashes,
  shingleHash,
  signatureFromBytes,
  signatureToBytes,
} from './minhash';
import { sharedPhrases } from './phrases';
import { customerWords, normalisedWords, shingleHashes, shingles } from './shingles';

const script = (name: string, amount: string, bank: string) =>
  `Hello, this is ${name} calling from the ${bank} security department. We detected a suspicious ` +
  `payment of ${amount} on your account. To protect your savings you must move them to a safe ` +
  `account today. Do not tell anyone at the branch about this call, they may be involved.`;

const signatureOf = (text: string) => minhash(shingles(normalisedWords(text)));

describe('normalisedWords', () => {
  it('lowercases and replaces amounts, numbers and names inside a sentence', () => {
    expect(normalisedWords('Hi, my name is Anna Berzina and I paid €1,250.00 on 12/03.')).toEqual([
      'hi',
      'my',
      'name',
      'is',
      '<name>',
      '<name>',
      'and',
      'i',
      'paid',
      '<num>',
      'on',
      '<num>',
    ]);
  });
  it('keeps the first word of a sentence and handles e-mail, links and Latvian letters', () => {
    expect(normalisedWords('Sveiki! Rakstiet uz jānis@example.lv vai https://x.lv/a')).toEqual([
      'sveiki',
      'rakstiet',
      'uz',
      '<ref>',
      'vai',
      '<ref>',
    ]);
  });
  it('takes only the customer side of a conversation', () => {
    expect(
      customerWords([
        { role: 'agent', text: 'How can I help?' },
        { role: 'customer', text: 'My card is blocked' },
      ]),
    ).toEqual(['my', 'card', 'is', 'blocked']);
  });
  it('makes word 3-shingles without repeats', () => {
    expect(shingles(['a', 'b', 'c', 'a', 'b', 'c'])).toEqual(['a b c', 'b c a', 'c a b']);
  });
});

describe('minhash', () => {
  it('finds the same script with changed names, amounts and bank near-identical', () => {
    const a = signatureOf(script('Peter Smith', '$4,800', 'Citadel'));
    const b = signatureOf(script('Janis Ozols', '€912.50', 'Baltic'));
    expect(estimatedJaccard(a, b)).toBeGreaterThan(0.9);
    expect(lshBands(a).some((band, i) => band === lshBands(b)[i])).toBe(true);
  });
  it('keeps a lightly edited script above the 0.6 threshold', () => {
    const a = signatureOf(script('Peter Smith', '$4,800', 'Citadel'));
    const edited = script('Mary Jones', '$120', 'Citadel').replace('today', 'right now, please hurry');
    expect(estimatedJaccard(a, signatureOf(edited))).toBeGreaterThan(0.6);
  });
  it('scores unrelated customer texts near zero', () => {
    const a = signatureOf(script('Peter Smith', '$4,800', 'Citadel'));
    const b = signatureOf(
      'I was charged twice for my subscription this month and I would like a refund for the second ' +
        'payment please, the app shows both of them as completed.',
    );
    expect(estimatedJaccard(a, b)).toBeLessThan(0.1);
  });
  it('estimates Jaccard similarity within the error of 64 hashes', () => {
    const base = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const other = [...base.slice(0, 100), ...Array.from({ length: 100 }, (_, i) => `t${i}`)];
    // True Jaccard: 100 shared of 300 distinct = 0.33; one standard error with 64 hashes is 0.06.
    const estimate = estimatedJaccard(minhash(base), minhash(other));
    expect(Math.abs(estimate - 1 / 3)).toBeLessThan(0.15);
  });
  it('round-trips through bytes', () => {
    const a = signatureOf(script('Peter Smith', '$4,800', 'Citadel'));
    expect(signatureFromBytes(signatureToBytes(a))).toEqual(a);
  });
  it('gives int4 band keys', () => {
    for (const key of lshBands(signatureOf('a b c d'))) {
      expect(key).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(key).toBeLessThan(2 ** 31);
    }
  });
});

describe('sharedPhrases', () => {
  it('returns the phrases most members share, placeholders kept', () => {
    const members = [
      normalisedWords(script('Peter Smith', '$4,800', 'Citadel')),
      normalisedWords(script('Janis Ozols', '€912.50', 'Baltic')),
      normalisedWords('I lost my card yesterday'),
    ];
    const phrases = sharedPhrases(members);
    expect(phrases.length).toBeGreaterThan(0);
    expect(phrases.join(' | ')).toContain('safe');
    expect(
      sharedPhrases([normalisedWords('one two three four'), normalisedWords('five six seven eight')]),
    ).toEqual([]);
  });
});

/** normalisedWords as first written (a regular expression per test), kept as the reference. */
function referenceNormalisedWords(text: string): string[] {
  const words: string[] = [];
  const token = /\S+@\S+\.\S+|https?:\/\/\S+|www\.\S+|[$€£]?\d[\d.,:/-]*|[\p{L}\p{M}']+|[.!?]/gu;
  let sentenceStart = true;
  for (const [raw] of text.matchAll(token)) {
    if (/^[.!?]$/.test(raw)) {
      sentenceStart = true;
      continue;
    }
    if (raw.includes('@') || /^(https?:|www\.)/i.test(raw)) words.push('<ref>');
    else if (/\d/.test(raw)) words.push('<num>');
    else if (!sentenceStart && /^\p{Lu}\p{Ll}/u.test(raw) && raw !== 'I') words.push('<name>');
    else words.push(raw.toLowerCase().replace(/^'+|'+$/g, ''));
    sentenceStart = false;
  }
  return words.filter((w) => w.length > 0);
}

describe('the campaign signature without strings', () => {
  // Random texts over the characters the rules look at: cases, Latvian letters, digits, currency,
  // e-mail and link pieces, apostrophes, sentence ends, a dotted capital (whose lower case is longer).
  const pieces = [
    'Anna',
    'anna',
    'ANNA',
    'I',
    'i',
    'Ēriks',
    'ēriks',
    'Jānis',
    'Şule',
    'İstanbul',
    "'quoted'",
    "don't",
    "''",
    "O'Neil",
    'x',
    'X',
    '12',
    '€1,250.00',
    '$4',
    '£',
    '12:30',
    '3/4',
    'a@b.lv',
    'http://x.lv/a',
    'HTTPS://X.LV',
    'https:x',
    'www.x.lv',
    'WWW.X.LV',
    'www',
    'hello',
    'Hello',
    '.',
    '!',
    '?',
    ',',
    '\n',
    'ñ',
    'Ñu',
    'ǅx',
    'Ωmega',
    'ΩΩ',
  ];
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const texts = Array.from({ length: 3000 }, () =>
    Array.from(
      { length: 1 + Math.floor(rand() * 12) },
      () => pieces[Math.floor(rand() * pieces.length)],
    ).join(rand() < 0.8 ? ' ' : ''),
  );

  it('normalises words exactly as the reference rules do', () => {
    for (const text of texts)
      expect([text, normalisedWords(text)]).toEqual([text, referenceNormalisedWords(text)]);
  });

  it('hashes a shingle as fnv1a of its words joined by spaces', () => {
    const words = ['my', 'card', 'is', 'ēriks'];
    expect(minhash(['my card is'])).toEqual(minhashOfHashes([shingleHash(words, 0, 3)]));
    expect(minhash(['card is ēriks'])).toEqual(minhashOfHashes([shingleHash(words, 1, 3)]));
  });

  it('gives the signature and the count of distinct shingles that the shingle strings give', () => {
    for (const text of texts.slice(0, 500)) {
      const words = normalisedWords(`${text} ${text} and more ${text}`);
      for (const k of [1, 2, 3]) {
        const set = shingles(words, k);
        const hashes = shingleHashes(words, k);
        expect(hashes.length).toBe(set.length);
        expect(minhashOfHashes(hashes)).toEqual(minhash(set));
      }
    }
  });

  it('counts two different shingles whose hashes collide as two', () => {
    // "costarring" and "liquid" have the same FNV-1a hash
    expect(shingleHash(['costarring'], 0, 1)).toBe(shingleHash(['liquid'], 0, 1));
    const words = ['costarring', 'liquid', 'costarring', 'liquid'];
    expect(shingleHashes(words, 1)).toHaveLength(shingles(words, 1).length);
    expect(shingleHashes(words, 1)).toHaveLength(2);
  });
});
