import { IBAN_LENGTHS, ibanValid } from './checks';
import type { PiiSpan } from './types';

/** Where an IBAN may start: a country code and two check digits at the start of a word. */
const START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * IBANs, written as one block or in groups separated by single spaces: the country's length and
 * the mod-97 check digits must hold (an IBAN with wrong check digits is a typo or made up).
 */
export function findIbans(text: string, out: PiiSpan[]): void {
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const country = m[1]!.toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    // Walk the characters after the check digits until the country's length is reached.
    let iban = country + m[2]!;
    let i = m.index + 4;
    while (iban.length < length && i < text.length) {
      const c = text.charCodeAt(i);
      if (isAlnum(c)) {
        iban += text[i]!.toUpperCase();
        i++;
      } else if (c === 32 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) i++;
      else break;
    }
    if (iban.length !== length || (i < text.length && isAlnum(text.charCodeAt(i)))) continue;
    if (!ibanValid(iban)) continue;
    out.push({
      type: 'iban',
      start: m.index,
      end: i,
      ruleId: 'pii.iban.mod97',
      masked: false,
      mask: `[IBAN •••• ${iban.slice(-4)}]`,
    });
    START.lastIndex = i;
  }
}
