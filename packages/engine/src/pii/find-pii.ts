import type { PiiType } from '@vigil/contracts';
import { findAddresses } from './address';
import { findCards } from './card';
import { findEmails } from './email';
import { findIbans } from './iban';
import { findIps } from './ip';
import { findMasks } from './masks';
import { findNationalIds } from './national-id';
import { findPersons } from './person';
import { findPhones } from './phone';
import type { PiiSpan } from './types';

/**
 * Which find wins where two overlap: Vigil's masks first (they are what the text holds), then the
 * identifiers a checksum or a fixed shape proves, then the ones inferred from context.
 */
const PRIORITY: Readonly<Record<PiiType, number>> = {
  email: 1,
  iban: 2,
  credit_card: 3,
  national_id: 4,
  ip_address: 5,
  phone: 6,
  address: 7,
  person: 8,
};

/** Digit groups taken for a phone by their shape alone give way to a street with its number. */
const rank = (s: PiiSpan) => PRIORITY[s.type] + (s.ruleId === 'pii.phone.grouped' ? 1.5 : 0);

const DIGIT = /\d/;

/**
 * Digits taken for a phone that are only the numbers an address starts with ("28919 136 Filadelfeos
 * Str.": a building and a house number) belong to the address.
 */
function dropNumbersOfAddresses(candidates: PiiSpan[]): void {
  const addresses = candidates.filter((c) => c.type === 'address');
  if (addresses.length === 0) return;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i]!;
    if (
      c.type === 'phone' &&
      addresses.some((a) => a.start <= c.start && c.end < a.end && a.ruleId === 'pii.address.street')
    )
      candidates.splice(i, 1);
  }
}

/**
 * Every piece of personal data in one text, in text order, no two overlapping. Detectors that need
 * a digit or an "@" are skipped for text without one: most chat messages hold neither.
 */
export function findPii(text: string): PiiSpan[] {
  const candidates: PiiSpan[] = [];
  findMasks(text, candidates);
  findEmails(text, candidates);
  if (DIGIT.test(text)) {
    findIbans(text, candidates);
    findCards(text, candidates);
    findNationalIds(text, candidates);
    findIps(text, candidates);
    findPhones(text, candidates);
  }
  findAddresses(text, candidates);
  findPersons(text, candidates);
  if (candidates.length <= 1) return candidates;
  dropNumbersOfAddresses(candidates);
  candidates.sort(
    (a, b) =>
      Number(b.masked) - Number(a.masked) ||
      rank(a) - rank(b) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const c of candidates) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}
