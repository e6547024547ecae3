/**
 * Words just before a number that say it is not personal data: an order, tracking or invoice number
 * shaped like an id or a phone number (English and Latvian).
 */
const REFERENCE_BEFORE =
  /(?:order|tracking|invoice|ticket|case|reference|ref|parcel|package|shipment|confirmation|booking|receipt|transaction|serial|model|sku|pasūtījum[a-zāčēģīķļņšūž]*|sūtījum[a-zāčēģīķļņšūž]*|rēķin[a-zāčēģīķļņšūž]*|pieteikum[a-zāčēģīķļņšūž]*|līgum[a-zāčēģīķļņšūž]*|paku|pakas)\s*(?:no\.?|nr\.?|number|numurs|num\.?|id|code|kods|#)?\s*[:#]?\s*$/i;

/** How far back the reference words are looked for. */
const LOOK_BACK = 32;

/** True when the text before `start` names the number as a reference (order, tracking, invoice …). */
export function referenceBefore(text: string, start: number): boolean {
  if (start > 0 && text.charCodeAt(start - 1) === 35 /* # */) return true;
  return REFERENCE_BEFORE.test(text.slice(Math.max(0, start - LOOK_BACK), start));
}

/** True when `words` occurs in the `span` characters before `start`. */
export function wordsBefore(text: string, start: number, words: RegExp, span = 40): boolean {
  return words.test(text.slice(Math.max(0, start - span), start));
}
