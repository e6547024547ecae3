import { estimatedJaccard, lshBands, minhash, signatureFromBytes, signatureToBytes } from './minhash';
import { sharedPhrases } from './phrases';
import { customerWords, normalisedWords, shingles } from './shingles';

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
