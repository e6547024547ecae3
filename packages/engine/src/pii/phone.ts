import { validDate } from './checks';
import { referenceBefore, wordsBefore } from './context';
import type { PiiSpan } from './types';

const EXT = String.raw`(?:\s?(?:x|ext\.?)\s?\d{1,6})?`;
/** International: "+" or "00", a country code, then groups (a "(0)" trunk prefix allowed). */
const INTERNATIONAL = new RegExp(
  String.raw`(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}${EXT}(?!\d)`,
  'g',
);
/** US national: (xxx) xxx-xxxx, xxx-xxx-xxxx, xxx.xxx.xxxx, xxx xxx xxxx, with an optional 1 and extension. */
const US = new RegExp(
  String.raw`(?<![\d-])(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([-. ]))\d{3}(?:\1|[-. ])\d{4}${EXT}(?![\d-])`,
  'g',
);
/** Latvian: 8 digits from 2 (mobile) or 6 (fixed), in one block or grouped by spaces. */
const LATVIAN = /(?<![\d+.-])[26]\d(?: ?\d){6}(?![\d.-])/g;
/** Other national forms: 2–5 groups of 2–5 digits, the first maybe in parentheses. */
const GROUPED = new RegExp(
  String.raw`(?<!\w|\d[.,/: -])(?:\(\d{2,5}\)|\d{2,5})(?:[ .-] ?\d{2,5}){1,4}${EXT}(?!\d|[.,/: -]\d)`,
  'g',
);
/** A trunk prefix ("0" and the area code), then the subscriber number in one block: "0341 8387176". */
const TRUNK = new RegExp(
  String.raw`(?<!\w|\d[.,/: -])\(?0\d{1,4}\)?[ /-]?\d{6,8}${EXT}(?!\d|[.,/: -]\d)`,
  'g',
);
/** Ten digits in a row that are a valid North American number (area and exchange codes from 2). */
const NANP_RUN = /(?<![\w.,-])[2-9]\d{2}[2-9]\d{6}(?![\d.,-]\d|\d)/g;
/** A phone number named as one: a contiguous run after the words. */
const NAMED_RUN = /(?<!\w)\d{7,15}(?!\d)/g;

/** Words that say a number is a phone number (English and Latvian). */
const PHONE_WORDS =
  /(?:phone|tel\.?|telephone|mobile|cell|call(?:\s+me)?|reach\s+me|text\s+me|whatsapp|number|tālr[a-zāčēģīķļņšūž]*|telefon[a-zāčēģīķļņšūž]*|mob\.?|zvan[a-zāčēģīķļņšūž]*|numur[a-zāčēģīķļņšūž]*)\b[^\d\n]{0,16}$/i;
/** A money amount or quantity after the number, or a currency before it. */
const AMOUNT_AFTER =
  /^\s?(?:€|\$|£|eur|usd|gbp|euro|eiro|dollars?|pounds?|%|kg|km|m\b|cm|mm|items?|pcs|gab)/i;
const CURRENCY_BEFORE = /(?:€|\$|£|eur|usd|gbp)\s?$/i;
const DATE = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4})$/;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** A contiguous yyyymmdd date, as in "20261123". */
function compactDate(digits: string): boolean {
  if (digits.length !== 8) return false;
  const year = Number(digits.slice(0, 4));
  return (
    year >= 1900 && year <= 2099 && validDate(year, Number(digits.slice(4, 6)), Number(digits.slice(6, 8)))
  );
}

function notPhone(text: string, start: number, end: number): boolean {
  return (
    referenceBefore(text, start) ||
    AMOUNT_AFTER.test(text.slice(end, end + 8)) ||
    CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start))
  );
}

function push(out: PiiSpan[], text: string, start: number, end: number, ruleId: string): void {
  const digits = text.slice(start, end).replace(/\D/g, '');
  out.push({ type: 'phone', start, end, ruleId, masked: false, mask: `[PHONE •••• ${digits.slice(-2)}]` });
}

/**
 * Phone numbers: international (E.164, "+" or "00"), US and Latvian national forms by their shape,
 * other national forms when grouped as phone numbers are, and a plain run of digits when the words
 * before it name a phone. Not a phone: a date, an amount, an order or tracking number, a version.
 */
export function findPhones(text: string, out: PiiSpan[]): void {
  INTERNATIONAL.lastIndex = 0;
  for (let m = INTERNATIONAL.exec(text); m; m = INTERNATIONAL.exec(text)) {
    const n = digitCount(m[0].replace(/(?:x|ext\.?)\s?\d+$/, ''));
    if (n < 8 || n > 15) continue;
    push(out, text, m.index, m.index + m[0].length, 'pii.phone.international');
  }
  US.lastIndex = 0;
  for (let m = US.exec(text); m; m = US.exec(text)) {
    if (notPhone(text, m.index, m.index + m[0].length)) continue;
    push(out, text, m.index, m.index + m[0].length, 'pii.phone.us');
  }
  LATVIAN.lastIndex = 0;
  for (let m = LATVIAN.exec(text); m; m = LATVIAN.exec(text)) {
    const end = m.index + m[0].length;
    if (notPhone(text, m.index, end)) continue;
    if (compactDate(m[0]) && !wordsBefore(text, m.index, PHONE_WORDS)) continue;
    push(out, text, m.index, end, 'pii.phone.lv');
  }
  GROUPED.lastIndex = 0;
  for (let m = GROUPED.exec(text); m; m = GROUPED.exec(text)) {
    const s = m[0];
    const n = digitCount(s.replace(/(?:x|ext\.?)\s?\d+$/, ''));
    if (n < 7 || n > 13) continue;
    if (DATE.test(s)) continue;
    // Four short dotted groups are an IPv4 address or a version, not a phone.
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) continue;
    // 3-2-4 digits is a social security number's shape (valid ones are found as such), and groups
    // of four, three or more, a card's or an account's: neither is a phone.
    if (/^\d{3}-\d{2}-\d{4}$/.test(s) || /^\d{4}(?:[ .-]\d{4}){2,}$/.test(s)) continue;
    if (notPhone(text, m.index, m.index + s.length)) continue;
    push(out, text, m.index, m.index + s.length, 'pii.phone.grouped');
  }
  for (const [re, ruleId] of [
    [TRUNK, 'pii.phone.trunk'],
    [NANP_RUN, 'pii.phone.us'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (notPhone(text, m.index, m.index + m[0].length)) continue;
      push(out, text, m.index, m.index + m[0].length, ruleId);
    }
  }
  NAMED_RUN.lastIndex = 0;
  for (let m = NAMED_RUN.exec(text); m; m = NAMED_RUN.exec(text)) {
    if (!wordsBefore(text, m.index, PHONE_WORDS, 28)) continue;
    if (notPhone(text, m.index, m.index + m[0].length)) continue;
    push(out, text, m.index, m.index + m[0].length, 'pii.phone.named');
  }
}
