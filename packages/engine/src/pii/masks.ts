import type { PiiType } from '@vigil/contracts';
import type { PiiSpan } from './types';

/**
 * Vigil's own masks (see mask-pii.ts), recognised as finds: stored conversations are masked at
 * ingest, so the workers score text that holds "[CARD •••• 6467]" where the number was.
 */
const MASK = /\[(CARD|IBAN|PHONE|NATIONAL ID|SSN|EMAIL|IP|PERSON|ADDRESS)(?: •••• [0-9A-Z]{2,4})?\]/g;

const TYPE_OF_MASK: Readonly<Record<string, PiiType>> = {
  CARD: 'credit_card',
  IBAN: 'iban',
  PHONE: 'phone',
  'NATIONAL ID': 'national_id',
  SSN: 'national_id',
  EMAIL: 'email',
  IP: 'ip_address',
  PERSON: 'person',
  ADDRESS: 'address',
};

export function findMasks(text: string, out: PiiSpan[]): void {
  if (text.indexOf('[') < 0) return;
  MASK.lastIndex = 0;
  for (let m = MASK.exec(text); m; m = MASK.exec(text))
    out.push({
      type: TYPE_OF_MASK[m[1]!]!,
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.mask',
      masked: true,
      mask: m[0],
    });
}
