import type { Message } from '@vigil/contracts';
import { shingleHash } from './minhash';

/**
 * The customer's side of a conversation as normalised words, so one scam script read by different
 * callers looks the same: lowercase; numbers, amounts, card digits, e-mail addresses and links
 * become placeholders; and capitalised words inside a sentence (names of people, places, banks)
 * become `<name>`. Words are letters of any script, so Latvian works as English does.
 */
export function normalisedWords(text: string): string[] {
  const words: string[] = [];
  let sentenceStart = true;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const raw = m[0];
    const first = raw.charCodeAt(0);
    // The token's alternative decides its class: only e-mails contain "@", only links start with
    // "http" or "www.", only amounts and numbers start with a digit or a currency sign (words are
    // letters and marks, never digits), and ".", "!", "?" come alone.
    if (raw.length === 1 && (first === 46 || first === 33 || first === 63)) {
      sentenceStart = true;
      continue;
    }
    if (
      raw.includes('@') ||
      (((first | 32) === 104 /* h */ || (first | 32) === 119) /* w */ && LINK.test(raw))
    )
      words.push('<ref>');
    else if ((first >= 48 && first <= 57) || CURRENCY.has(first)) words.push('<num>');
    else if (!sentenceStart && capitalised(raw, first) && raw !== 'I') words.push('<name>');
    else {
      const lower = raw.toLowerCase();
      const word =
        first === 39 || lower.charCodeAt(lower.length - 1) === 39 ? lower.replace(QUOTES, '') : lower;
      if (word.length > 0) words.push(word);
    }
    sentenceStart = false;
  }
  return words;
}

// Tokens: e-mail addresses, links, numbers with separators (1,250.00 / 12:30), or words.
const TOKEN = /\S+@\S+\.\S+|https?:\/\/\S+|www\.\S+|[$€£]?\d[\d.,:/-]*|[\p{L}\p{M}']+|[.!?]/gu;
const LINK = /^(https?:|www\.)/i;
const QUOTES = /^'+|'+$/g;
const CURRENCY = new Set(['$', '€', '£'].map((c) => c.charCodeAt(0)));
const UPPER_LOWER = /^\p{Lu}\p{Ll}/u;

/** An upper-case letter followed by a lower-case one ("Anna", "Ēriks"); ASCII without the regex. */
function capitalised(raw: string, first: number): boolean {
  const second = raw.charCodeAt(1);
  if (first < 128 && second < 128) return first >= 65 && first <= 90 && second >= 97 && second <= 122;
  if (first < 128 && !(first >= 65 && first <= 90)) return false;
  return UPPER_LOWER.test(raw);
}

/** The customer-side words of a conversation, in order. */
export function customerWords(messages: readonly Pick<Message, 'role' | 'text'>[]): string[] {
  const words: string[] = [];
  for (const m of messages) if (m.role === 'customer') for (const w of normalisedWords(m.text)) words.push(w);
  return words;
}

/** Word k-shingles ("i am calling", "am calling from", …), without repeats. */
export function shingles(words: readonly string[], k = 3): string[] {
  const out = new Set<string>();
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return [...out];
}

/**
 * The hashes of the distinct word k-shingles, in the order shingles() lists them, without building
 * the shingles: what the MinHash signature and the "enough words" count need (minhashOfHashes).
 * Words hold no spaces, so two shingles are the same exactly when their words are; a hash shared by
 * two different shingles (a collision) is kept twice, so the count stays the count of shingles.
 */
export function shingleHashes(words: readonly string[], k = 3): number[] {
  const n = Math.max(0, words.length - k + 1);
  const out: number[] = [];
  const firstAt = new Map<number, number>();
  let collisions: Map<number, number[]> | undefined;
  const same = (a: number, b: number) => {
    for (let j = 0; j < k; j++) if (words[a + j] !== words[b + j]) return false;
    return true;
  };
  for (let i = 0; i < n; i++) {
    const h = shingleHash(words, i, k);
    const at = firstAt.get(h);
    if (at === undefined) firstAt.set(h, i);
    else {
      if (same(at, i)) continue;
      const others = (collisions ??= new Map<number, number[]>()).get(h);
      if (others?.some((o) => same(o, i))) continue;
      if (others) others.push(i);
      else collisions.set(h, [i]);
    }
    out.push(h);
  }
  return out;
}
