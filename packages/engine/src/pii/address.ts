import type { PiiSpan } from './types';

const WORD = String.raw`\p{Lu}[\p{L}'’-]*`;
const NUMBER = String.raw`\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,4}[A-Za-z]?)?`;
const UNIT = String.raw`(?:,?\s(?:[Aa]pt\.?|[Aa]partment|[Ss]uite|[Ss]te\.?|[Uu]nit|[Ff]lat|dz\.|dzīvoklis)\s?#?\w{1,6})?`;
/** ", City" and a postcode (LV-1010, a US ZIP with its state, or 4–6 digits). */
const TAIL = String.raw`(?:,\s?${WORD}(?:\s${WORD})?)?(?:,?\s(?:LV-\d{4}|[A-Z]{2}\s\d{5}(?:-\d{4})?|\d{4,6}))?`;
const US_SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Row|Walk|Loop|Plaza|Alley|Grove|Gardens';
/** "221B Baker Street", "1600 Pennsylvania Avenue NW, Washington, DC 20500". */
const US_STREET = new RegExp(
  String.raw`(?<![\w-])\d{1,6}[A-Za-z]?\s(?:[NSEW]\.?\s)?(?:${WORD}\s){1,3}(?:${US_SUFFIX})\b\.?(?:\s(?:NW|NE|SW|SE|N|S|E|W)\b)?${UNIT}${TAIL}`,
  'gu',
);
/** Street word after the name, with the house number after it: "Brīvības iela 12-5", "Hammarvägen 15". */
const EU_STREET = new RegExp(
  String.raw`(?:${WORD}\s){0,2}(?:${WORD}\s(?:iela|ielā|gatve|gatvē|bulvāris|bulvārī|prospekts|prospektā|laukums|laukumā|šoseja|šosejā|aleja|alejā|street|road)|\p{Lu}\p{L}*(?:straße|strasse|gasse|weg|gatan|vägen|gata|vej|gade|laan|straat|katu|tie|ulica|utca|iela))\s${NUMBER}${UNIT}${TAIL}`,
  'gu',
);
/** Capitalised words a street match may start with that are not part of the street's name. */
const NOT_STREET = new Set([
  'I',
  'My',
  'Our',
  'Your',
  'The',
  'At',
  'In',
  'On',
  'To',
  'Is',
  'Dzīvoju',
  'Mana',
  'Mans',
  'Adrese',
  'Uz',
  'Es',
  'Ship',
  'Send',
  'Deliver',
  'Address',
  'Lives',
  'Live',
]);

/** The offset of the match without leading words that are not part of the address. */
function trimLead(text: string, start: number, end: number): number {
  for (;;) {
    const space = text.indexOf(' ', start);
    if (space < 0 || space >= end || !NOT_STREET.has(text.slice(start, space))) return start;
    start = space + 1;
  }
}

/** A Latvian postcode on its own. */
const POSTCODE = /(?<![\w-])LV-\d{4}(?!\d)/g;
/** Phrases that introduce an address; what follows up to the end of the sentence is the address. */
const INTRODUCED =
  /(?:\bI live at|\bI live on|\bmy (?:home |postal |delivery |billing )?address is|\baddress:|\bship (?:it |them )?to|\bdeliver (?:it |them )?to|\bsend (?:it|the card|them) to|\bdzīvoju|\bmana adrese ir|\badrese:|\bpiegādājiet uz|\bsūtiet uz)\s+/gi;
/** The address after such a phrase: up to the end of the sentence or line, at most 100 characters. */
const REST = /[^\n!?;]{3,100}?(?=[.!?;]\s|[.!?;]?$|\n)/uy;

/**
 * Postal addresses: a street with its house number (US, Latvian and other European forms, with a
 * flat, city and postcode when they follow), a Latvian postcode, or what follows "I live at …",
 * "my address is …", "dzīvoju …" when it holds a number or a street word.
 */
export function findAddresses(text: string, out: PiiSpan[]): void {
  const digits = /\d/.test(text);
  if (digits) {
    for (const [re, ruleId] of [
      [US_STREET, 'pii.address.street'],
      [EU_STREET, 'pii.address.street'],
      [POSTCODE, 'pii.address.postcode'],
    ] as const) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const end = m.index + m[0].replace(/[\s,]+$/, '').length;
        const start = trimLead(text, m.index, end);
        out.push({ type: 'address', start, end, ruleId, masked: false, mask: '[ADDRESS]' });
      }
    }
  }
  INTRODUCED.lastIndex = 0;
  for (let m = INTRODUCED.exec(text); m; m = INTRODUCED.exec(text)) {
    const start = m.index + m[0].length;
    REST.lastIndex = start;
    const rest = REST.exec(text);
    if (!rest) continue;
    const value = rest[0].replace(/[\s,]+$/, '');
    // "I live at home": an address starts with its number or a name, and holds a number or a street word.
    if (!/^[\d\p{Lu}]/u.test(value) || !/\d|iela|street|road|avenue|gatve/i.test(value)) continue;
    out.push({
      type: 'address',
      start,
      end: start + value.length,
      ruleId: 'pii.address.introduced',
      masked: false,
      mask: '[ADDRESS]',
    });
  }
}
