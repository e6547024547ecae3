import type { Message } from '@vigil/contracts';

/**
 * The customer's side of a conversation as normalised words, so one scam script read by different
 * callers looks the same: lowercase; numbers, amounts, card digits, e-mail addresses and links
 * become placeholders; and capitalised words inside a sentence (names of people, places, banks)
 * become `<name>`. Words are letters of any script, so Latvian works as English does.
 */
export function normalisedWords(text: string): string[] {
  const words: string[] = [];
  // Tokens: e-mail addresses, links, numbers with separators (1,250.00 / 12:30), or words.
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

/** The customer-side words of a conversation, in order. */
export function customerWords(messages: readonly Pick<Message, 'role' | 'text'>[]): string[] {
  return messages.filter((m) => m.role === 'customer').flatMap((m) => normalisedWords(m.text));
}

/** Word k-shingles ("i am calling", "am calling from", …), without repeats. */
export function shingles(words: readonly string[], k = 3): string[] {
  const out = new Set<string>();
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return [...out];
}
