/**
 * Words just before a number that say it is not a phone or a national id: an order, tracking or
 * invoice number, an account, licence or passport number, a postcode, a flat or suite (English and
 * Latvian).
 */
const REFERENCE_BEFORE =
  /(?:order|tracking|invoice|ticket|case|reference|ref|parcel|package|shipment|confirmation|booking|receipt|transaction|serial|model|sku|licen[cs]e|driver'?s?|passport|account|member(?:ship)?|customer|client|policy|zip|postal|post\s?code|postcode|vin|apt\.?|apartment|suite|unit|flat|box|konta|klienta|pasūtījum[a-zāčēģīķļņšūž]*|sūtījum[a-zāčēģīķļņšūž]*|rēķin[a-zāčēģīķļņšūž]*|pieteikum[a-zāčēģīķļņšūž]*|līgum[a-zāčēģīķļņšūž]*|paku|pakas)\s*(?:no\.?|nr\.?|number|numurs|num\.?|id|code|kods|#)?\s*[:#]?\s*$/i;

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
