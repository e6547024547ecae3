import { knownIssuer, luhnValid } from './checks';
import type { PiiSpan } from './types';

/** 12–19 digits, single spaces or dashes between them, not part of a longer number. */
const CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d])/g;

/**
 * Payment card numbers: a known issuer's prefix and length, and a valid Luhn digit. A number that
 * fails either (an order number, a miskeyed card) is not reported. The mask keeps the last four
 * digits, as PCI DSS allows.
 */
export function findCards(text: string, out: PiiSpan[]): void {
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!knownIssuer(digits) || !luhnValid(digits)) continue;
    out.push({
      type: 'credit_card',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.credit_card.luhn',
      masked: false,
      mask: `[CARD •••• ${digits.slice(-4)}]`,
    });
  }
}
