/**
 * One pass over a message's text that yields words, emoticons, emoji and punctuation runs with their
 * character offsets, so every later rule is a Map lookup on a token and every piece of evidence can
 * point back at the exact characters. No regular expression runs per token on ASCII text.
 */

export const TokenKind = {
  Word: 0,
  Emoticon: 1,
  Emoji: 2,
  /** A run of sentence punctuation: "!!!", "?!", ".", ",", ";", ":" ... */
  Punct: 3,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  kind: TokenKind;
  /** [start, end) in the original text. */
  start: number;
  end: number;
  /** Lower-cased text (curly apostrophes made straight); for emoji the base code point. */
  norm: string;
  /** Word written in capitals (at least two letters, no lower-case letter). */
  caps: boolean;
  /** Set by the scorer when `norm` is the unstretched form of an elongated word ("sooo" → "so"). */
  stretched?: boolean;
}

const NON_ASCII_LETTER = /\p{L}|\p{M}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c);
  return c < 0x2000 && NON_ASCII_LETTER.test(text[i]!);
}
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return isDigit(c) || isLetterAt(text, i);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160 || c === 0x2028 || c === 0x3000;
}
/** Characters that extend an emoji: variation selectors, ZWJ, skin tones (low surrogates of U+1F3FB..FF). */
function isEmojiExtender(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0xfe0f || c === 0xfe0e || c === 0x200d || c === 0x20e3) return true;
  if (c === 0xd83c) {
    const d = text.charCodeAt(i + 1);
    return d >= 0xdffb && d <= 0xdfff;
  }
  return false;
}

const SENTENCE_PUNCT = new Set(['!', '?', '.', ',', ';', ':', '…']);
const MAX_EMOTICON = 8;

/**
 * @param emoticons lower-cased emoticons to recognise (":)", ":-(", "<3" ...). An emoticon must start
 * the text or follow a space, and end the text or be followed by a space or sentence punctuation.
 */
export function tokenize(text: string, emoticons: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // emoticons first: ":D", "xD" and "<3" would otherwise split into punctuation and words
    if ((i === 0 || isSpace(text.charCodeAt(i - 1))) && !isWordCharStartOfWord(text, i)) {
      const len = matchEmoticon(text, i, emoticons);
      if (len > 0) {
        tokens.push({
          kind: TokenKind.Emoticon,
          start: i,
          end: i + len,
          norm: text.slice(i, i + len).toLowerCase(),
          caps: false,
        });
        i += len;
        continue;
      }
    }
    if (isWordChar(text, i)) {
      const start = i;
      let upper = 0;
      let lower = 0;
      let apostrophe = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) {
          i++;
        } else if (isLetterAt(text, i)) {
          if (d < 128) {
            if (d <= 90) upper++;
            else lower++;
          } else {
            const ch = text[i]!;
            if (ch !== ch.toLowerCase()) upper++;
            else if (ch !== ch.toUpperCase()) lower++;
          }
          i++;
        } else if ((d === 39 || d === 0x2019 || d === 45) && i + 1 < n && isLetterAt(text, i + 1)) {
          if (d !== 45) apostrophe = true;
          i++;
        } else break;
      }
      let norm = text.slice(start, i).toLowerCase();
      if (apostrophe) norm = norm.replace(/\u2019/g, "'");
      tokens.push({ kind: TokenKind.Word, start, end: i, norm, caps: upper >= 2 && lower === 0 });
      continue;
    }
    if (c === 38) {
      // HTML entities ("&gt;", "&amp;", "&#39;") that leaked into the text are not words, but an
      // escaped emoticon ("&lt;3", "&gt;:(") is still that emoticon
      const semi = text.indexOf(';', i);
      if (semi > i + 1 && semi - i <= 8 && /^&(#\d+|[a-z]+)$/i.test(text.slice(i, semi))) {
        const len = (i === 0 || isSpace(text.charCodeAt(i - 1))) && escapedEmoticon(text, i, semi, emoticons);
        if (len) {
          tokens.push({
            kind: TokenKind.Emoticon,
            start: i,
            end: semi + len,
            norm:
              (text[i + 1] === 'l' || text[i + 1] === 'L' ? '<' : '>') +
              text.slice(semi + 1, semi + len).toLowerCase(),
            caps: false,
          });
          i = semi + len;
          continue;
        }
        i = semi + 1;
        continue;
      }
    }
    const ch = text[i]!;
    if (SENTENCE_PUNCT.has(ch)) {
      const start = i;
      while (i < n && SENTENCE_PUNCT.has(text[i]!)) i++;
      tokens.push({ kind: TokenKind.Punct, start, end: i, norm: text.slice(start, i), caps: false });
      continue;
    }
    if (c >= 0x2000) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      const base = String.fromCodePoint(cp);
      if (PICTOGRAPHIC.test(base)) {
        const start = i;
        i += width;
        // keep ZWJ sequences and skin tones in the same token; the base emoji carries the meaning
        while (i < n && isEmojiExtender(text, i)) {
          i += text.charCodeAt(i) === 0xd83c ? 2 : 1;
          if (text.charCodeAt(i - 1) === 0x200d && i < n) {
            const next = text.codePointAt(i)!;
            i += next > 0xffff ? 2 : 1;
          }
        }
        tokens.push({ kind: TokenKind.Emoji, start, end: i, norm: base, caps: false });
        continue;
      }
      i += width;
      continue;
    }
    i++;
  }
  return tokens;
}

function isWordCharStartOfWord(text: string, i: number): boolean {
  // letters start words, except the few emoticons that begin with one ("xD", "XD", "O.o")
  const c = text.charCodeAt(i);
  if (c === 120 || c === 88 || c === 111 || c === 79) return false;
  return isWordChar(text, i);
}

/**
 * "&lt;3" / "&gt;:(" at i (the entity ending at `semi`): the length of the emoticon's rest after the
 * entity plus one, or 0 when the entity does not start an emoticon.
 */
function escapedEmoticon(text: string, i: number, semi: number, emoticons: ReadonlySet<string>): number {
  if (semi !== i + 3) return 0;
  const name = text.slice(i + 1, semi).toLowerCase();
  if (name !== 'lt' && name !== 'gt') return 0;
  const decoded = (name === 'lt' ? '<' : '>') + text.slice(semi + 1, semi + MAX_EMOTICON);
  const len = matchEmoticon(decoded, 0, emoticons);
  if (len === 0) return 0;
  // the decoded window may end early: the emoticon must end the text or be followed by a space or
  // punctuation
  const end = semi + len;
  if (end < text.length && !isSpace(text.charCodeAt(end)) && !SENTENCE_PUNCT.has(text[end]!)) return 0;
  return len;
}

function matchEmoticon(text: string, i: number, emoticons: ReadonlySet<string>): number {
  const limit = Math.min(MAX_EMOTICON, text.length - i);
  for (let len = limit; len >= 2; len--) {
    const end = i + len;
    if (end < text.length) {
      const after = text.charCodeAt(end);
      if (!isSpace(after) && !SENTENCE_PUNCT.has(text[end]!)) continue;
    }
    if (emoticons.has(text.slice(i, end).toLowerCase())) return len;
  }
  return 0;
}
