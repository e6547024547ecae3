import { stem } from './stem';

/**
 * A word of a message with its place in the original text, so that anything derived from it can
 * be shown as evidence: `text.slice(start, end)` is the surface form as the customer wrote it.
 */
export interface Token {
  /** Lower-cased, apostrophes folded, contractions expanded ("can't" gives "can" and "not"). */
  norm: string;
  /** Porter stem of `norm`; numbers become "#num". */
  stem: string;
  start: number;
  end: number;
  /** True for function words (see STOPWORDS); they still take part in bigrams. */
  stop: boolean;
}

// A word: letters and digits, with inner apostrophes ("don't", "customer's") — what
// /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu matches, found by wordEnd without a match object per word.
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const DIGITS = /^\d+(?:[.,]\d+)?$/;

const NOT_BASES: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };

/**
 * Short English function-word list. The topic model does not drop these (they carry intent:
 * "how do I" versus "why did"), but discovery labels and evidence skip them.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of to in on at by for with from as into about than then so too very ' +
    'i me my mine myself we us our you your yours he him his she her it its they them their ' +
    'this that these those there here is am are was were be been being do does did doing done ' +
    'have has had having will would shall should can could may might must also just get got ' +
    'what which who whom whose when where why how all any each some such no nor not only own same ' +
    'please hi hello hey thanks thank ok okay yes yeah oh well up out over again still now want need like'
  ).split(' '),
);

function push(out: Token[], norm: string, start: number, end: number): void {
  // (only a word starting with a digit can be a number: the regular expression runs for those alone)
  const first = norm.charCodeAt(0);
  const isNum = first >= 48 && first <= 57 && DIGITS.test(norm);
  out.push({ norm, stem: isNum ? '#num' : stem(norm), start, end, stop: STOPWORDS.has(norm) });
}

/** Index of the word's first apostrophe (straight or curly), or -1. */
function apostropheAt(word: string): number {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 39 || c === 0x2019) return i;
  }
  return -1;
}

/**
 * Width (UTF-16 units) of the code point at i when it is a letter (with `numbers`, a letter or a
 * number), else 0. ASCII is decided without a regular expression.
 */
function widthAt(text: string, i: number, numbers: boolean): number {
  const c = text.charCodeAt(i);
  if (c < 128) {
    const lower = c | 32;
    return (lower >= 97 && lower <= 122) || (numbers && c >= 48 && c <= 57) ? 1 : 0;
  }
  if (i >= text.length) return 0;
  const point = text.codePointAt(i)!;
  const width = point > 0xffff ? 2 : 1;
  return (numbers ? LETTER_OR_NUMBER : LETTER).test(text.slice(i, i + width)) ? width : 0;
}

/** End of the word starting at `start` (a letter or digit there), inner apostrophes included. */
function wordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  for (let w = widthAt(text, i, true); w > 0; w = widthAt(text, i, true)) i += w;
  // "'" or "’" followed by letters continues the word ("don't", "o'clock"), as often as it comes
  while (i + 1 < n) {
    const c = text.charCodeAt(i);
    if ((c !== 39 && c !== 0x2019) || widthAt(text, i + 1, false) === 0) break;
    i++;
    for (let w = widthAt(text, i, false); w > 0; w = widthAt(text, i, false)) i += w;
  }
  return i;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  for (let at = 0; at < n;) {
    if (widthAt(text, at, true) === 0) {
      at++;
      continue;
    }
    const start = at;
    const end = wordEnd(text, start);
    at = end;
    const raw = text.slice(start, end);
    let lower = raw.toLowerCase();
    const apos = apostropheAt(lower);
    if (apos < 0) {
      push(out, lower, start, end);
      continue;
    }
    lower = lower.replace(/’/g, "'");
    const base = lower.slice(0, apos);
    const suffix = lower.slice(apos + 1);
    if (suffix === 't' && base.endsWith('n')) {
      const b = base.slice(0, -1);
      push(out, NOT_BASES[b] ?? b, start, end);
      push(out, 'not', start, end);
    } else if (
      suffix === 's' ||
      suffix === 'm' ||
      suffix === 're' ||
      suffix === 've' ||
      suffix === 'll' ||
      suffix === 'd'
    ) {
      push(out, base, start, end);
    } else {
      push(out, lower.replace(/'/g, ''), start, end);
    }
  }
  return out;
}
