import { knownIssuer, luhnValid } from './checks';
import { wordsBefore } from './context';
import type { PiiSpan } from './types';

/** 12–19 digits, single spaces or dashes between them, not part of a longer number. */
const CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d])/g;

/** Words that name the number after them as a card's (English and Latvian). */
const CARD_WORDS = /(?:card|cc|credit|debit|visa|mastercard|amex|maestro|kart[a-zāēīū]*)\b[^\d\n]{0,24}$/i;

/**
 * Payment card numbers: a known issuer's prefix and length, and a valid Luhn digit. A number that
 * fails either (an order number, a miskeyed card) is not reported. The mask keeps the last four
 * digits, as PCI DSS allows. A Luhn-valid number outside the known ranges is a card only where the
 * words before it call it one ("my card 3598 …": ranges are added, and private-label cards exist).
 */
export function findCards(text: string, out: PiiSpan[]): void {
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!luhnValid(digits)) continue;
    const known = knownIssuer(digits);
    if (!known && !wordsBefore(text, m.index, CARD_WORDS)) continue;
    out.push({
      type: 'credit_card',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: known ? 'pii.credit_card.luhn' : 'pii.credit_card.named',
      masked: false,
      mask: `[CARD •••• ${digits.slice(-4)}]`,
    });
  }
}
