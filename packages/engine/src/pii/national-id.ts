import { lvPersonasKodsValid, ssnValid } from './checks';
import { referenceBefore, wordsBefore } from './context';
import type { PiiSpan } from './types';

/** Words that say the number that follows is a personal code or a social security number. */
const ID_WORDS =
  /(?:personas\s+kod[a-zāčēģīķļņšūž]*|personal\s+(?:code|id(?:entity)?\s*(?:code|number)?)|p\.\s?k\.|national\s+id(?:entity)?\s*(?:number|no\.?)?|id\s+(?:code|number)|identity\s+number|social\s+security(?:\s+(?:number|no\.?))?|ssn)\b[\s:#.-]*(?:[a-zāčēģīķļņšūž]+\s+){0,2}$/i;

/** The Latvian personal code: 6 + 5 digits, with or without the dash. */
const LV_CODE = /(?<![\d-])(\d{6})(-?)(\d{5})(?![\d-])/g;
/** A US social security number: 3-2-4 digits, dashes or spaces, or 9 digits in a row. */
const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;

/**
 * National identity numbers. The Latvian personal code in the old format (DDMMYY-CNNNN) must carry
 * a real birth date and a valid check digit; the new format (from 2017: 32, then 9 digits, no
 * birth date) has no date to check, so it must be written with its dash or named as a personal
 * code. A US social security number must follow the SSA's rules, and a 9-digit run without dashes
 * must be named as one. A number the text calls an order, tracking or invoice number is not an id.
 */
export function findNationalIds(text: string, out: PiiSpan[]): void {
  LV_CODE.lastIndex = 0;
  for (let m = LV_CODE.exec(text); m; m = LV_CODE.exec(text)) {
    const digits = m[1]! + m[3]!;
    const dashed = m[2] === '-';
    if (referenceBefore(text, m.index)) continue;
    const named = wordsBefore(text, m.index, ID_WORDS);
    let ruleId: string | undefined;
    if (digits.startsWith('32') && (dashed || named)) ruleId = 'pii.national_id.lv_personas_kods_2017';
    else if (lvPersonasKodsValid(digits) && (dashed || named)) ruleId = 'pii.national_id.lv_personas_kods';
    if (!ruleId) continue;
    out.push({
      type: 'national_id',
      start: m.index,
      end: m.index + m[0].length,
      ruleId,
      masked: false,
      mask: '[NATIONAL ID]',
    });
  }
  SSN.lastIndex = 0;
  for (let m = SSN.exec(text); m; m = SSN.exec(text)) {
    if (!ssnValid(m[1]!, m[3]!, m[4]!)) continue;
    if (referenceBefore(text, m.index)) continue;
    // Only the dashed form is an SSN by its shape; spaces or none need the words before it.
    if (m[2] !== '-' && !wordsBefore(text, m.index, ID_WORDS)) continue;
    out.push({
      type: 'national_id',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.national_id.us_ssn',
      masked: false,
      mask: '[SSN]',
    });
  }
}
