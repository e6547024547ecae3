import { STREET_KINDS } from './names.data';
import type { PiiSpan } from './types';

const WORD = String.raw`\p{Lu}[\p{L}'’.-]*`;
/** Lower-case words inside a street's name: "Rua Cidade de Maracajá", "rue de la Hulotais". */
const PARTICLE = String.raw`(?:de|del|della|dei|di|da|do|dos|das|la|le|les|du|van|von|der|den|al|el|y|e|delle|degli|dello|des|het|nad|na|pod|am|im|an|sur|sous|upon|op|aan|ter)`;
const UNIT = String.raw`(?:\.?[^\p{L}\p{N}]{0,8}(?:[Aa]pt\.?|[Aa]partment|[Ss]uite|[Ss]te\.?|[Uu]nit|[Ff]lat|[Ff]loor|dz\.|dzīvoklis)\s?#?\w{1,6})`;
/** The US street kinds (USPS suffixes) and their usual abbreviations, Latvian and British ones. */
const US_KINDS = [
  ...STREET_KINDS.split(' '),
  ...[
    'St',
    'Ave',
    'Av',
    'Rd',
    'Blvd',
    'Ln',
    'Dr',
    'Ct',
    'Pl',
    'Ter',
    'Cir',
    'Pkwy',
    'Hwy',
    'Sq',
    'Trl',
    'Cres',
    'Str',
  ],
  ...['Close', 'Row', 'Walk', 'Gardens', 'Grove', 'Mews', 'Hill', 'Green', 'Gate', 'Wynd'],
].join('|');
/** "221B Baker Street", "1600 Pennsylvania Avenue NW", "7943 2027 Prospect St". */
const US_STREET = new RegExp(
  String.raw`(?<![\w-])\d{1,6}[A-Za-z]?\s(?:\d{1,6}\s)?(?:[NSEW]\.?\s)?(?:${WORD}\s){1,3}(?:${US_KINDS})\b\.?(?:\s(?:NW|NE|SW|SE|N|S|E|W)\b)?`,
  'gu',
);
/** Words that say a street, before its name ("ul.", "Rue", "Via") or as its last word ("iela"). */
const STREET_BEFORE = String.raw`(?:ul\.|ulica|Rue|rue|Rua|rua|Via|via|Calle|calle|C/|Avenida|Av\.|Strada|Piazza|Plaza|Place|Boulevard|Chaussée|Carrer|Passeig|Λεωφόρος|Λ\.|Οδός|Οδ\.)`;
/** Street words written in lower case after the name: "Brīvības iela", "Kálmán Imre u.", "Csabai kapu". */
const LOWER_KIND = String.raw`(?:iela|ielā|gatve|gatvē|bulvāris|bulvārī|prospekts|prospektā|laukums|laukumā|šoseja|šosejā|aleja|alejā|terrasse|vei|veien|gate|gata|allé|plass|vej|u\.|utca|út|tér|kapu|str\.|ulica|cesta|ulice|street|road|tee|tänav|maantee|puiestee|vegen|gasse|weg|körút|krt\.|rkp\.|útja|sor|köz)`;
/** "63 Rue de Kairouan", "69 Av Sidi Lakhmi", "16 48 rue Descartes": the number before the street word. */
const NUMBER_FIRST = new RegExp(
  String.raw`(?<![\w-])\d{1,6}\s(?:\d{1,6}\s)?(?:${STREET_BEFORE}|Av|Bd|Chemin|Allée|Impasse|Quai|Avenue)\s(?:${PARTICLE}\s){0,2}${WORD}(?:\s(?:${WORD}|${PARTICLE})){0,4}(?<=\p{L})`,
  'gu',
);
/**
 * Addresses typed in lower case: "255 hersnapvej 18", "dzirnavu iela 45", "3911 fourth avenue suite 112". Only the
 * unmistakable street words count here, and not after "the"/"a"/"down"… ("5 miles down the road").
 */
const LOWER_STREET = new RegExp(
  String.raw`(?<![\w-])(?:\d{1,6}\s){0,2}(?:\p{Ll}+\s){0,3}\p{Ll}{3,}(?:vej|gade|gatan|vägen|katu|kuja|straße|strasse|gasse|straat|laan|iela|gatve|veien|gata)\s\d{1,5}[a-z]?(?![\w-])|(?<![\w-])(?:\d{1,6}\s)?(?:(?!(?:uz|no|pie|līdz|ir|un|ar|adrese)\s)\p{Ll}+\s){1,2}(?:iela|ielā|gatve|gatvē|bulvāris|bulvārī|prospekts|prospektā|aleja|alejā|šoseja|šosejā)\s\d{1,5}[a-z]?(?:-\d{1,4})?(?![\w-])|(?<![\w-])\d{1,6}\s(?:\d{1,6}\s)?(?:(?!(?:the|a|an|my|our|your|of|on|in|to|up|down|and|or|more|few|long|miles|blocks)\s)\p{Ll}+\s){1,3}(?:street|avenue|road|boulevard|lane|drive|st|ave|rd|blvd)\b\.?(?=\s*(?:$|[,.;!?\n]|\s(?:apt|suite|unit|flat)\b))`,
  'gu',
);
const LOWER_STREET_WORD =
  /vej |gade |gatan |vägen |katu |kuja |straße |strasse |gasse |straat |laan |iela |ielā |gatve|veien |gata |bulvār|prospekt|aleja|šosej|street|avenue|road|boulevard|lane|drive|st\b|ave\b|rd\b|blvd/;
/** Post-office and forces' boxes: "P.O. Box 242", "PSC 4095, Box 8316", "Unit 5477 Box 8244", "USNS Møller". */
const BOX = new RegExp(
  String.raw`(?<![\w-])(?:P\.?\s?O\.?\s?Box|Post Office Box|(?:PSC|Unit|CMR|psc|unit|cmr)\s\d{1,5},?\s[Bb]ox|Pasta kastīte|p\/k)\s?\d{1,6}|(?<![\w-])(?:USNS|USNV|USS|USCGC|usns|usnv|uss|uscgc)\s(?:${WORD}|\p{Ll}+)(?=\s*\n?\s*(?:[FAD]PO|[fad]po)\b)`,
  'gu',
);
const MONTH =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|janvāris|februāris|marts|aprīlis|maijs|jūnijs|jūlijs|augusts|septembris|oktobris|novembris|decembris)\.?$/iu;
const STREET_WORD =
  /(?:iela|ielā|gatve|gatvē|bulvāris|bulvārī|prospekts|prospektā|laukums|laukumā|šoseja|šosejā|aleja|alejā|straße|strasse|str\.|gasse|weg|allee|platz|gatan|vägen|väg|gata|vej|gade|veien|vegen|laan|straat|plein|katu|tie|kuja|polku|tee|tänav|maantee|puiestee|ulica|utca|út|útja|tér|körút|rkp\.|cesta|ulice|náměstí|street|road)$/iu;
/**
 * A street's name with the house number after it: "Brīvības iela 12-5", "Harjukuja 54", "ul.
 * Północna 73", "Rua Cidade de Maracajá 468", with the building number some forms put before it.
 */
const EU_STREET = new RegExp(
  String.raw`(?<![\w-])(?:(\d{2,6})\s)?(?:\d{1,6}\s)?(${STREET_BEFORE}\s)?(${WORD}(?:\s(?:${WORD}|${PARTICLE})){0,4}(?:\s${LOWER_KIND})?)\s\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,4}[A-Za-z]?)?(?![\w-])`,
  'gu',
);
/** Quote and bullet marks a line of an address may start with: "> ", "• ", "??? " (a lost bullet). */
const LINE_MARKS = String.raw`[^\p{L}\p{N}\n]{0,6}`;
/** The last line of a US forces' address: "APO AE 09012", "fpo ap 96601". */
const FORCES_POST = String.raw`(?:[AFD]PO\s(?:A[AEP])|[afd]po\s(?:a[aep]))\s\d{5}`;
/**
 * What follows a street on the same or the next lines: the flat, the city, the region, the country
 * and the postcode (a US ZIP or ZIP+4, a UK postcode, LV-1010, 4–6 digits), each after a comma, a
 * space or a line break. A word in lower case, or one followed by a colon ("Mobile:"), ends it.
 */
const TAIL_PART = new RegExp(
  String.raw`(?:${UNIT}|(?:\.?\s*,\s*|\.?\s*\n${LINE_MARKS}|\s)(?:,\s*)?(?:${FORCES_POST}|\p{Ll}{2,3}(?=[^\p{L}\p{N}]{1,8}\d{4,6}(?!\d))|LV-\d{4}|\d{5}-\d{4}|\d{4,6}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|${WORD}(?:\s(?:${WORD}|${PARTICLE}))*(?:\s\(${WORD}(?:\s${WORD})*\))?))(?=$|[\s,.?!;])(?![.?!]\w)`,
  'uy',
);
/** Words the tail stops before: the start of the next sentence or field. */
const NOT_PLACE =
  /^(?:I|Please|Thanks|Thank|Mobile|Phone|Fax|Desk|Email|E-mail|Tel|The|This|It|My|We|You)\b/u;

/** The end of an address whose street ends at `end`: its unit and its place lines. */
function tailEnd(text: string, end: number): number {
  const street = end;
  for (let parts = 0; parts < 6; parts++) {
    TAIL_PART.lastIndex = end;
    const m = TAIL_PART.exec(text);
    if (!m || NOT_PLACE.test(m[0].replace(/^[\s,>]+/, ''))) break;
    end = m.index + m[0].length;
  }
  // A run of place words can run into the next sentence or field ("… OULU NO. I now live …",
  // "… Forges\nMobile: …"): the address ends before it.
  const next = NEXT_SENTENCE.exec(text.slice(street, end));
  return next ? street + next.index : end;
}
const NEXT_SENTENCE =
  /(?:[.!?]\s+|\n[\s>]*)(?=(?:I|Please|Thanks|Thank|Mobile|Phone|Fax|Desk|Email|E-mail|Tel|The|This|It|My|We|You)\b)/u;
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
  'Hello',
  'Hi',
  'Meet',
  'Please',
  'Billing',
  'Shipping',
  'Apt',
  'Suite',
  'Order',
]);

/** The offset of the match without leading words that are not part of the address. */
function trimLead(text: string, start: number, end: number): number {
  for (;;) {
    const space = text.indexOf(' ', start);
    if (space < 0 || space >= end || !NOT_STREET.has(text.slice(start, space))) return start;
    start = space + 1;
  }
}

/** "the corner of Pachergasse 64 and Rado Street": a corner is both streets. */
const CORNER_BEFORE = /\bthe corner of $/i;
const CORNER_AFTER = new RegExp(
  String.raw`^(?:\s(?:St|Rd|Ave)\.)?,?\s(?:and|&|un)\s(?:ul\.\s|Rue\s|Via\s)?${WORD}(?:\s(?:${WORD}|${PARTICLE})){0,4}(?:\s\d{1,5})?`,
  'u',
);

/** A flat written before its street: "Flat 2, 10 Downing Street", "Apt. 675 62314 Mellemvej 32". */
const UNIT_BEFORE = /(?:^|[\s,>])((?:Apt\.?|Apartment|Suite|Ste\.|Unit|Flat)\s?#?\d{1,5}[A-Za-z]?,?\s+)$/u;

function pushAddress(out: PiiSpan[], text: string, start: number, end: number, ruleId: string): void {
  const unit = UNIT_BEFORE.exec(text.slice(Math.max(0, start - 20), start));
  if (unit) start -= unit[1]!.length;
  if (CORNER_BEFORE.test(text.slice(Math.max(0, start - 14), start))) {
    start -= 14;
    const other = CORNER_AFTER.exec(text.slice(end, end + 60));
    if (other) end += other[0].length;
  }
  end = tailEnd(text, end);
  end = start + text.slice(start, end).replace(/[\s,]+$/, '').length;
  out.push({
    type: 'address',
    start: trimLead(text, start, end),
    end,
    ruleId,
    masked: false,
    mask: '[ADDRESS]',
  });
}

/**
 * A street corner named by its two streets, with or without numbers: "the corner of Kuusiku 7 and
 * Alexander Flat", "the corner of 5th and Main". Each side starts with a number or a capital, or holds
 * a number (an address typed in lower case), so "the corner of my eye and …" is not one.
 */
const CORNER = new RegExp(
  String.raw`\bthe corner of ((?:[\p{L}\p{N}'’.-]+\s){0,5}?[\p{L}\p{N}'’-]+)\s(?:and|&)\s((?:[\p{L}\p{N}'’-]+\s){0,3}[\p{L}\p{N}'’-]+)(?=\.?\s*(?:[,;!?]|$|\n|\.\s))`,
  'giu',
);
const CORNER_SIDE = /^[\p{N}\p{Lu}]|\d/u;

/** A Latvian postcode on its own. */
const POSTCODE = /(?<![\w-])LV-\d{4}(?!\d)/g;
/** Phrases that introduce an address; what follows up to the end of the sentence is the address. */
const INTRODUCED =
  /(?:\b(?:lives?|lived|living|located|situated|based) (?:at|on)|\b(?:office|restaurant|shop|store|station|house|flat|apartment) is (?:at|on)|\bmeet (?:me|you|us) at|\bdrops? (?:you |me |us )?off at|\bstop at|\benter on|\breturn (?:it |them )?to|\bmy (?:home |postal |delivery |billing )?address is|\baddress:|\bship (?:it |them )?to|\bdeliver (?:it |them )?to|\bsend (?:it|the card|them) to|\bdzīvoju|\bmana adrese ir|\badrese:|\bpiegādājiet uz|\bsūtiet uz)\s+/gi;
const STREET_IN = /iela|street|road|avenue|gatve/i;
/** A capitalised word of three letters or more that is not a time or a date. */
const NAME_IN =
  /(?<!\p{L})(?!(?:AM|PM|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)(?!\p{L}))\p{Lu}\p{L}{2,}/u;
/** The address after such a phrase: up to the end of the sentence or line, at most 100 characters. */
const REST = /[^\n!?;]{3,100}?(?=[.!?;]\s|[.!?;]?$|\n)/uy;

/**
 * Postal addresses: a street with its house number (US, Latvian and other European forms, with a
 * flat, city and postcode when they follow), a Latvian postcode, or what follows "I live at …",
 * "my address is …", "dzīvoju …" when it holds a number or a street word.
 */
export function findAddresses(text: string, out: PiiSpan[]): void {
  const before = out.length;
  const digits = /\d/.test(text);
  if (digits) {
    US_STREET.lastIndex = 0;
    for (let m = US_STREET.exec(text); m; m = US_STREET.exec(text))
      pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.street');
    EU_STREET.lastIndex = 0;
    for (let m = EU_STREET.exec(text); m; m = EU_STREET.exec(text)) {
      // "Windows 10" is not a street: a building number before it, "ul."/"Rue" or a street word says so.
      const name = m[3]!;
      if (!m[1] && !m[2] && !STREET_WORD.test(name.slice(name.lastIndexOf(' ') + 1))) continue;
      // "24 September 2004" is a date.
      if (MONTH.test(name)) continue;
      pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.street');
    }
    NUMBER_FIRST.lastIndex = 0;
    for (let m = NUMBER_FIRST.exec(text); m; m = NUMBER_FIRST.exec(text))
      pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.street');
    // The lower-case forms start at any word, so they run only when a street word is in the text.
    if (LOWER_STREET_WORD.test(text)) {
      LOWER_STREET.lastIndex = 0;
      for (let m = LOWER_STREET.exec(text); m; m = LOWER_STREET.exec(text))
        pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.street');
    }
    BOX.lastIndex = 0;
    for (let m = BOX.exec(text); m; m = BOX.exec(text))
      pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.box');
    POSTCODE.lastIndex = 0;
    for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text))
      pushAddress(out, text, m.index, m.index + m[0].length, 'pii.address.postcode');
  }
  CORNER.lastIndex = 0;
  if (text.includes('corner of'))
    for (let m = CORNER.exec(text); m; m = CORNER.exec(text))
      if (CORNER_SIDE.test(m[1]!) && CORNER_SIDE.test(m[2]!))
        out.push({
          type: 'address',
          start: m.index,
          end: m.index + m[0].length,
          ruleId: 'pii.address.corner',
          masked: false,
          mask: '[ADDRESS]',
        });
  // What follows "I live at …" is read as an address only where no street above starts there.
  INTRODUCED.lastIndex = 0;
  for (let m = INTRODUCED.exec(text); m; m = INTRODUCED.exec(text)) {
    const start = m.index + m[0].length;
    if (out.some((f, i) => i >= before && f.type === 'address' && f.start === start)) continue;
    REST.lastIndex = start;
    const rest = REST.exec(text);
    if (!rest) continue;
    const value = rest[0].replace(/[\s,]+$/, '');
    // "I live at home", "meet me at 5 PM": an address starts with its number or a name, and holds a
    // street word, or a number and a name.
    if (!/^[\d\p{Lu}]/u.test(value) || !(STREET_IN.test(value) || (/\d/.test(value) && NAME_IN.test(value))))
      continue;
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
