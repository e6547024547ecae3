import type { Conversation } from '@vigil/contracts';
import { ibanValid, knownIssuer, luhnValid, lvPersonasKodsValid, ssnValid } from './checks';
import { findPii } from './find-pii';
import { maskPii } from './mask-pii';
import { piiAnalyzer } from './pii.analyzer';

/** What findPii reports in a text, as [type, the words]. */
const found = (text: string) => findPii(text).map((s) => [s.type, text.slice(s.start, s.end)]);
const types = (text: string) => findPii(text).map((s) => s.type);

describe('the checks', () => {
  it('Luhn and issuer prefixes', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(knownIssuer('4111111111111111')).toBe(true);
    expect(knownIssuer('378282246310005')).toBe(true); // American Express
    expect(knownIssuer('9111111111111111')).toBe(false);
    expect(knownIssuer('37828224631000')).toBe(false); // Amex is 15 digits
  });

  it('IBAN country length and mod-97', () => {
    expect(ibanValid('LV80BANK0000435195001')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('LV81BANK0000435195001')).toBe(false);
    expect(ibanValid('LV80BANK000043519500')).toBe(false);
  });

  it('the Latvian personal code: date of birth, century and check digit', () => {
    expect(lvPersonasKodsValid('15039612349')).toBe(true);
    expect(lvPersonasKodsValid('15039612348')).toBe(false); // check digit
    expect(lvPersonasKodsValid('32039612349')).toBe(false); // 32 March
    expect(lvPersonasKodsValid('15039632349')).toBe(false); // century 3
  });

  it('the SSA rules of a social security number', () => {
    expect(ssnValid('123', '45', '6789')).toBe(true);
    for (const [a, g, s] of [
      ['000', '12', '3456'],
      ['666', '12', '3456'],
      ['912', '12', '3456'],
      ['123', '00', '3456'],
      ['123', '45', '0000'],
    ])
      expect(ssnValid(a!, g!, s!)).toBe(false);
  });
});

describe('finding personal data', () => {
  it('card numbers as people type them, not numbers that fail Luhn or belong to no issuer', () => {
    expect(found('my card is 4111 1111 1111 1111, exp 12/28')).toEqual([
      ['credit_card', '4111 1111 1111 1111'],
    ]);
    expect(found('card 5555-5555-5555-4444 declined')).toEqual([['credit_card', '5555-5555-5555-4444']]);
    expect(found('Amex 378282246310005')).toEqual([['credit_card', '378282246310005']]);
    expect(found('mana karte 4111111111111111, lūdzu bloķējiet')).toEqual([
      ['credit_card', '4111111111111111'],
    ]);
    expect(types('my card is 4111 1111 1111 1112')).toEqual([]);
    expect(types('reference 9111 1111 1111 1117')).toEqual([]);
  });

  it('IBANs grouped or not, lower case too; wrong check digits are not an IBAN', () => {
    expect(found('IBAN: LV80 BANK 0000 4351 9500 1, thanks')).toEqual([
      ['iban', 'LV80 BANK 0000 4351 9500 1'],
    ]);
    expect(found('pārskaitiet uz LV80BANK0000435195001')).toEqual([['iban', 'LV80BANK0000435195001']]);
    expect(found('send to gb82west12345698765432 please')).toEqual([['iban', 'gb82west12345698765432']]);
    expect(types('IBAN LV81BANK0000435195001')).toEqual([]);
    expect(types('IBAN LV80 BANK 0000 4351 9500')).toEqual([]); // one digit short
  });

  it('Latvian personal codes, old and new format', () => {
    expect(found('mans personas kods ir 150396-12349')).toEqual([['national_id', '150396-12349']]);
    expect(found('personal code 15039612349')).toEqual([['national_id', '15039612349']]);
    expect(found('personas kods: 321234-56789')).toEqual([['national_id', '321234-56789']]);
    expect(types('personas kods 150396-12348')).toEqual([]); // wrong check digit
    expect(types('290200-15675 is not a date: 1900 was not a leap year')).toEqual([]);
    expect(types('pasūtījuma nr. 150396-12349')).toEqual([]); // an order number with that shape
  });

  it('US social security numbers by the SSA rules', () => {
    expect(found('my SSN is 123-45-6789')).toEqual([['national_id', '123-45-6789']]);
    expect(found('social security number 123456789')).toEqual([['national_id', '123456789']]);
    expect(types('SSN 666-12-3456')).toEqual([]);
    expect(types('SSN 912-12-3456')).toEqual([]);
    expect(types('SSN 123-00-3456')).toEqual([]);
    expect(types('tracking number 123-45-6789')).toEqual([]);
    expect(types('the parcel 123456789 is late')).toEqual([]);
  });

  it('e-mail addresses, with non-ASCII letters', () => {
    expect(found('write to jānis.bērziņš@example.lv, ok?')).toEqual([['email', 'jānis.bērziņš@example.lv']]);
    expect(found('My email is john.smith+billing@mail.example.com.')).toEqual([
      ['email', 'john.smith+billing@mail.example.com'],
    ]);
    expect(types('reply @support or email me at home')).toEqual([]);
  });

  it('phone numbers: international, US, Latvian and grouped national forms', () => {
    expect(found('call me on +371 2912 3456')).toEqual([['phone', '+371 2912 3456']]);
    expect(found('mans numurs ir 29123456')).toEqual([['phone', '29123456']]);
    expect(found('zvaniet uz 67 123 456')).toEqual([['phone', '67 123 456']]);
    expect(found('reach me at (555) 123-4567 after 5')).toEqual([['phone', '(555) 123-4567']]);
    expect(found('my number is 415-555-0132 ext 12')).toEqual([['phone', '415-555-0132 ext 12']]);
    expect(found('UK office +44 20 7946 0958')).toEqual([['phone', '+44 20 7946 0958']]);
    expect(found('ring 07700 900 123 please')).toEqual([['phone', '07700 900 123']]);
  });

  it('not phones: dates, times, amounts, order and tracking numbers', () => {
    expect(types('charged on 2026-11-23 at 10:30:00, and again on 12.11.2026')).toEqual([]);
    expect(types('delivered 20261123')).toEqual([]);
    expect(types('order number 29123456 and tracking 21234567')).toEqual([]);
    expect(types('pasūtījums Nr. 29123456 vēl nav atnācis')).toEqual([]);
    expect(types('I paid 1 250 000 EUR, then 49.99 €')).toEqual([]);
    expect(types('order #61234567')).toEqual([]);
  });

  it('IP addresses, not version strings', () => {
    expect(found('my IP is 203.0.113.7.')).toEqual([['ip_address', '203.0.113.7']]);
    expect(found('from 2001:db8::8a2e:370:7334 today')).toEqual([['ip_address', '2001:db8::8a2e:370:7334']]);
    expect(types('the app version 1.2.3.4 crashes, v10.0.0.1 too')).toEqual([]);
    expect(types('versija 2.10.3.1 neiet')).toEqual([]);
    expect(types('at 10:30:00 it stopped')).toEqual([]);
    expect(types('300.1.1.1 is not an address')).toEqual([]);
  });

  it('names in context, English and Latvian; capitalised words without it are not names', () => {
    expect(found('Hello, my name is Ilze Kalniņa, how can I help?')).toEqual([['person', 'Ilze Kalniņa']]);
    expect(found('Hi, this is John Smith speaking.')).toEqual([['person', 'John Smith']]);
    expect(found('Mr. Bērziņš called yesterday')).toEqual([['person', 'Bērziņš']]);
    expect(found('Labdien, Ozola kundze!')).toEqual([['person', 'Ozola']]);
    expect(found('Labdien! Mani sauc Jānis, kā varu palīdzēt?')).toEqual([['person', 'Jānis']]);
    expect(found('Ar jums runā Anna no Vigil.')).toEqual([['person', 'Anna']]);
    expect(found("Bot: What's the name on the account? User: Marcus Paulsen")).toEqual([
      ['person', 'Marcus Paulsen'],
    ]);
    expect(types('This is Ridiculous. I am Furious and I want a refund from Amazon.')).toEqual([]);
    expect(types('I am sorry, this is the Billing team')).toEqual([]);
  });

  it('names the gazetteer knows, in plain prose, with initials, possessives and sign-offs', () => {
    expect(found('"I\'m glad to hear that," says Eklund.')).toEqual([['person', 'Eklund']]);
    expect(found('Catherine is a very sympathetic person.')).toEqual([['person', 'Catherine']]);
    expect(found('My name is Vanessa P. Hertzog but everyone calls me Vanessa')).toEqual([
      ['person', 'Vanessa P. Hertzog'],
      ['person', 'Vanessa'],
    ]);
    expect(found("Tennis player Teresa Kreutzmann's visa was refused.")).toEqual([
      ['person', 'Teresa Kreutzmann'],
    ]);
    expect(found('Faina D. Yefremova will be talking at the conference')).toEqual([
      ['person', 'Faina D. Yefremova'],
    ]);
    expect(found('Usamov and Bowers were precision engineers.')).toEqual([
      ['person', 'Usamov'],
      ['person', 'Bowers'],
    ]);
    expect(found('Thanks for your patience, Marek. Take care!')).toEqual([['person', 'Marek']]);
    expect(found('Thanks, Ilze')).toEqual([['person', 'Ilze']]);
    expect(found('Hi Vinicio, I am writing about a transfer')).toEqual([['person', 'Vinicio']]);
    expect(found('Good morning, you are speaking with Priya E., how can I help?')).toEqual([
      ['person', 'Priya E.'],
    ]);
    // Latvian: names with and without context, both genders' surname forms.
    expect(found('Pārskaitījumu saņēma Kristīne Bērziņa.')).toEqual([['person', 'Kristīne Bērziņa']]);
    expect(found('Paldies, Jānis Ozoliņš')).toEqual([['person', 'Jānis Ozoliņš']]);
  });

  it('names in a list of people, and names typed in lower case', () => {
    expect(found('They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew.').map(([, w]) => w)).toEqual([
      'Gaetane',
      'Hannah',
      'Anthony',
      'Derek',
      'Anna',
      'Andrew',
    ]);
    expect(found('Uz sapulci nāca Jānis, Ilze, Dzintra un Mārtiņš.').map(([, w]) => w)).toEqual([
      'Jānis',
      'Ilze',
      'Dzintra',
      'Mārtiņš',
    ]);
    expect(found('follow up with patricia desrosiers in a couple of months.')).toEqual([
      ['person', 'patricia desrosiers'],
    ]);
    expect(found('lūdzu, piezvaniet kristīne bērziņa rīt')).toEqual([['person', 'kristīne bērziņa']]);
    // Near misses: a list of products or places, words that are also names, names with capitals elsewhere.
    expect(types('We sell Apples, Pears, Plums and Cherries.')).toEqual([]);
    expect(types('I flew to Paris, Berlin, Vienna and Prague.')).toEqual([]);
    expect(types('will smith the metal and mark the parts')).toEqual([]);
    expect(types('may i change the date, please?')).toEqual([]);
  });

  it('names told by their context: family, maiden names, a person addressed, a letterhead, a name said again', () => {
    expect(found('I want to add my daughter Ysolde to the account')).toEqual([['person', 'Ysolde']]);
    expect(found('Her maiden name is Quennell.')).toEqual([['person', 'Quennell']]);
    expect(found('Odalys, can I please speak to your manager?')).toEqual([['person', 'Odalys']]);
    expect(found('Quilla Brandvold lives in Tromsø now.')).toEqual([['person', 'Quilla Brandvold']]);
    expect(types('The Family lives in Tromsø now.')).toEqual([]);
    expect(found('My name is Ingrid Hertzog but everyone calls me Ingrid')).toEqual([
      ['person', 'Ingrid Hertzog'],
      ['person', 'Ingrid'],
    ]);
    expect(found('She wrote to Kevin Veitonen II, his grandson.')).toEqual([['person', 'Kevin Veitonen II']]);
    expect(found('> Marta Kalniņa\n> Acme Logistics\n> marta@example.com')).toEqual([
      ['person', 'Marta Kalniņa'],
      ['email', 'marta@example.com'],
    ]);
    expect(found('they had 3: silvana, christopher, kristina and caleb.').map(([, w]) => w)).toEqual([
      'silvana',
      'christopher',
      'kristina',
      'caleb',
    ]);
    // Near misses: a sentence start asking for something, a heading that is a firm, a list of things.
    expect(types('Sorry, can you repeat that?')).toEqual([]);
    expect(types('Unfortunately, could you check again?')).toEqual([]);
    expect(types('Roadify Transit\nCall 555-0100 for a quote')).not.toContain('person');
    expect(types('we need apples, pears, plums and cherries.')).toEqual([]);
  });

  it('not names: frequent words, places, companies, products, capitalised sentence starts', () => {
    expect(types('Will you send it in May? Rose and Summer colours are sold out.')).toEqual([]);
    expect(types('Great, that worked. Perfect! Bye.')).toEqual([]);
    expect(types('Hi,\n\nSure, it is done.')).toEqual([]);
    expect(types('I flew from Paris to London via Jordan.')).toEqual([]);
    expect(types('The Jones, Smith and Davis Orchestra was founded in 1988.')).toEqual([]);
    expect(types('Russell Investments is a design agency.')).toEqual([]);
    expect(types('Hello, I am here to help with your Vigil Pro Plan.')).toEqual([]);
    expect(types('Please Cancel my Account and Refund the Order.')).toEqual([]);
    expect(types('The Princess Royal arrived this morning.')).toEqual([]);
    expect(types('Paldies! Labdien, Rīga ir skaista.')).toEqual([]);
  });

  it('postal addresses: streets with numbers, postcodes, "I live at …"', () => {
    expect(found('Send it to 1600 Pennsylvania Avenue NW, Washington, DC 20500.')).toEqual([
      ['address', '1600 Pennsylvania Avenue NW, Washington, DC 20500'],
    ]);
    expect(found('Dzīvoju Brīvības iela 12-5, Rīga, LV-1010.')).toEqual([
      ['address', 'Brīvības iela 12-5, Rīga, LV-1010'],
    ]);
    expect(found('I live at 221B Baker Street, London')).toEqual([['address', '221B Baker Street, London']]);
    expect(found('my address is Hammarvägen 15, Stockholm')).toEqual([
      ['address', 'Hammarvägen 15, Stockholm'],
    ]);
    expect(types('I live at home and Street Fighter 2 is my game')).toEqual([]);
  });

  it('whole postal addresses: number first or last, unit, city, region, postcode, several lines', () => {
    expect(
      found('The letter arrived at 6400 12 Timms Drive Suite 215 NUNGATTA Australia last night.'),
    ).toEqual([['address', '6400 12 Timms Drive Suite 215 NUNGATTA Australia']]);
    expect(
      found("I'd like a taxi to 692 Kuuse 53 Apt. 641, Grubbenvorst, Netherlands 04020. Thanks"),
    ).toEqual([['address', '692 Kuuse 53 Apt. 641, Grubbenvorst, Netherlands 04020']]);
    expect(found('Please update it to:\n41086 Kiannonkatu 98\n Suite 464\n OULU\n\n Finland 80896')).toEqual([
      ['address', '41086 Kiannonkatu 98\n Suite 464\n OULU\n\n Finland 80896'],
    ]);
    expect(found('Caitlin lives at 31 Rue Al Imam Al Bakri, Cite Merzgui')).toEqual([
      ['person', 'Caitlin'],
      ['address', '31 Rue Al Imam Al Bakri, Cite Merzgui'],
    ]);
    expect(found('Ship to 3037 ul. Północna 73 Apt. 946, Suwałki')).toEqual([
      ['address', '3037 ul. Północna 73 Apt. 946, Suwałki'],
    ]);
    expect(found('Meet me at P.O. Box 149, Springfield, IL 62704')).toEqual([
      ['address', 'P.O. Box 149, Springfield, IL 62704'],
    ]);
    expect(found('Stop at the corner of 11 Botley Road and Herceg Gateway, please')).toEqual([
      ['address', 'the corner of 11 Botley Road and Herceg Gateway'],
    ]);
    expect(found('Mana adrese: Kr. Valdemāra iela 21 dz. 5, Rīga, LV-1010')).toEqual([
      ['address', 'Kr. Valdemāra iela 21 dz. 5, Rīga, LV-1010'],
    ]);
    expect(found('Sūtiet uz Lāčplēša ielā 87, Rīga')).toEqual([['address', 'Lāčplēša ielā 87, Rīga']]);
  });

  it('addresses in replies and on their own lines: quoted, the flat on its own line, ending at the next field', () => {
    expect(
      found('Address below:\n> 2224 Trenerys gate 232\n> Apt. 342\n> TRONDHEIM\n> Norway 64389'),
    ).toEqual([['address', '2224 Trenerys gate 232\n> Apt. 342\n> TRONDHEIM\n> Norway 64389']]);
    expect(found('Send it to 05405 Wesselényi u. 94.\n Suite 741\n Öntésmajor\n Hungary 18695?')).toEqual([
      ['address', '05405 Wesselényi u. 94.\n Suite 741\n Öntésmajor\n Hungary 18695'],
    ]);
    // The place words stop where the next sentence or field starts.
    expect(found('I once lived in 416 Kiannonkatu 98 Apt. 934 OULU NO. I now live in Riga.')).toEqual([
      ['address', '416 Kiannonkatu 98 Apt. 934 OULU NO'],
    ]);
    expect(
      types('Innography\nthe corner of 25 Dili Gianni Street and King Forges\nMobile: 723 813 266'),
    ).toEqual(['address', 'phone']);
    expect(found('Brīvības iela 12-5, Rīga\nTālrunis: +371 2612 3456')[0]).toEqual([
      'address',
      'Brīvības iela 12-5, Rīga',
    ]);
  });

  it('addresses typed in lower case, not ordinary phrases with a number and a road', () => {
    expect(found('eva lives at 255 hersnapvej 18, copenhagen')).toEqual([['address', '255 hersnapvej 18']]);
    expect(found('my new place is 3911 fourth avenue suite 112, calgary')).toEqual([
      ['address', '3911 fourth avenue suite 112'],
    ]);
    expect(found('sūtiet uz dzirnavu iela 45, lūdzu')).toEqual([['address', 'dzirnavu iela 45']]);
    expect(types('it is 5 miles down the road.')).toEqual([]);
    expect(types('we did 3 long road trips, and 2 more street.')).toEqual([]);
    expect(types('order 4521 arrived at the main street.')).toEqual([]);
    expect(types('pasūtījums 4521 ir ceļā, būs pēc 5 dienām')).toEqual([]);
  });

  it("addresses introduced by where someone lives or meets, street corners, flats before the street, forces' post", () => {
    expect(found('Our new office is at 14 Harbour Lane, Dover, by the bank')).toEqual([
      ['address', '14 Harbour Lane, Dover'],
    ]);
    expect(found('Marta lives on Via delle Rose 17.')).toEqual([
      ['person', 'Marta'],
      ['address', 'Via delle Rose 17'],
    ]);
    expect(found('Please stop at the corner of Kalnu 7 and Mill Road?')).toEqual([
      ['address', 'the corner of Kalnu 7 and Mill Road'],
    ]);
    expect(found('We met at the corner of 5th and Main.')).toEqual([
      ['address', 'the corner of 5th and Main'],
    ]);
    expect(found('Post it to Flat 2, 10 Church Street, Leeds')).toEqual([
      ['address', 'Flat 2, 10 Church Street, Leeds'],
    ]);
    // A building and a house number before the street are the address's, not a phone.
    expect(found('He lives at 28310 145 Akadimias Str., Athens')).toEqual([
      ['address', '28310 145 Akadimias Str., Athens'],
    ]);
    expect(found('psc 1234, box 5678\napo ae 09012')).toEqual([
      ['address', 'psc 1234, box 5678\napo ae 09012'],
    ]);
    // Lines of an address behind bullets, an Estonian street, a lower-case region code before the postcode.
    expect(found('• 6614 Vana tee 87\n• Suite 931\n• Tartu\n• Estonia 62031')).toEqual([
      ['address', '6614 Vana tee 87\n• Suite 931\n• Tartu\n• Estonia 62031'],
    ]);
    expect(found('Ship to 12 Oak Avenue\nSpringfield, il 62704 please')).toEqual([
      ['address', '12 Oak Avenue\nSpringfield, il 62704'],
    ]);
    // Near misses: times, corners of other things, numbers after "meet me at".
    expect(types('Can we meet at 5 PM on Friday?')).toEqual([]);
    expect(types('meet me at 10 tomorrow')).toEqual([]);
    expect(types('I saw it from the corner of my eye and froze.')).toEqual([]);
    expect(types('The store is at 50% off this week.')).toEqual([]);
  });

  it('not addresses: dates, versions, products and amounts with numbers', () => {
    expect(types('It is 24 September 2004, and the card ends in 96')).toEqual([]);
    expect(types('I run Windows 10 on a Dell XPS 13')).toEqual([]);
    expect(types('My plan covers 2 Samsung Galaxy 22 phones')).toEqual([]);
    expect(types('During 1971, Mayo-Walters invested heavily')).toEqual([]);
    expect(types('Dzimšanas diena ir 12 marts 1990')).toEqual([]);
  });

  it('recognises Vigil masks as masked finds', () => {
    const spans = findPii('card [CARD •••• 1111], mail [EMAIL], id [SSN], phone [PHONE •••• 56]');
    expect(spans.map((s) => [s.type, s.masked])).toEqual([
      ['credit_card', true],
      ['email', true],
      ['national_id', true],
      ['phone', true],
    ]);
  });
});

describe('masking', () => {
  it('replaces each find with its mask and keeps only what may be kept', () => {
    expect(
      maskPii(
        'card 4111 1111 1111 1111, IBAN LV80BANK0000435195001, mail a.b@example.com, tel +371 29123467',
      ),
    ).toBe('card [CARD •••• 1111], IBAN [IBAN •••• 5001], mail [EMAIL], tel [PHONE •••• 67]');
    expect(maskPii('SSN 123-45-6789, p.k. 150396-12349, IP 203.0.113.7')).toBe(
      'SSN [SSN], p.k. [NATIONAL ID], IP [IP]',
    );
    expect(maskPii('my name is Ilze, I live at Brīvības iela 12')).toBe(
      'my name is [PERSON], I live at [ADDRESS]',
    );
  });

  it('leaves text with nothing to mask as it is, and masking twice changes nothing', () => {
    const plain = 'I was charged twice and nobody answers!';
    expect(maskPii(plain)).toBe(plain);
    const once = maskPii('card 4111 1111 1111 1111 and mail a@b.lv');
    expect(maskPii(once)).toBe(once);
  });
});

describe('the pii analyzer', () => {
  const conversation: Conversation = {
    externalId: 'p-1',
    source: 'test',
    channel: 'chat',
    startedAt: '2026-01-05T10:00:00Z',
    endedAt: '2026-01-05T10:30:00Z',
    agents: [{ id: 'a-1', name: 'Ilze', kind: 'human' }],
    customer: {},
    metadata: {},
    messages: [
      { role: 'agent', authorId: 'a-1', text: 'Hello, how can I help?' },
      { role: 'customer', text: 'My card 4111 1111 1111 1111 was charged twice, mail me at a@b.lv' },
      { role: 'agent', authorId: 'a-1', text: 'Thanks, I see [CARD •••• 1111].' },
    ],
  };

  it('reports each find with its message, offsets and author, and as evidence', () => {
    const out = piiAnalyzer.analyze(conversation, { language: 'en', config: undefined });
    expect(out.result.finds).toEqual([
      { type: 'credit_card', messageIndex: 1, start: 8, end: 27, role: 'customer', masked: false },
      { type: 'email', messageIndex: 1, start: 58, end: 64, role: 'customer', masked: false },
      { type: 'credit_card', messageIndex: 2, start: 14, end: 30, role: 'agent', masked: true },
    ]);
    expect(out.result.counts).toEqual({ credit_card: 2, email: 1 });
    expect(out.evidence.map((e) => [e.target, e.signal, e.ruleId, e.quote])).toEqual([
      [{ kind: 'pii', key: 'credit_card' }, 'credit_card', 'pii.credit_card.luhn', '4111 1111 1111 1111'],
      [{ kind: 'pii', key: 'email' }, 'email', 'pii.email', 'a@b.lv'],
      [{ kind: 'pii', key: 'credit_card' }, 'credit_card', 'pii.mask', '[CARD •••• 1111]'],
    ]);
    for (const e of out.evidence)
      expect(conversation.messages[e.messageIndex]!.text.slice(e.start, e.end)).toBe(e.quote);
  });
});
