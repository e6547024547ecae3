import { tokenize } from '../text/tokenize';
import { DEFAULT_TAXONOMY } from '../defaults';
import {
  DEFAULT_FEATURE_OPTIONS,
  featureKeys,
  featureWeight,
  forEachFeature,
  isPairKey,
  type SegmentToken,
} from './features';
import { compileTaxonomy } from './model';

const tokens = (...messages: string[]): SegmentToken[] =>
  messages.flatMap((text, message) => tokenize(text).map((t) => ({ ...t, message })));

describe('topic features', () => {
  it('pairs content words of one message in any order, with their two words as the range', () => {
    const pairs: [string, number, number][] = [];
    forEachFeature(tokens('my top up has failed'), DEFAULT_FEATURE_OPTIONS, (key, first, last) => {
      if (key.startsWith('p')) pairs.push([key, first, last]);
    });
    // "my", "up" and "has" are function words.
    expect(pairs).toEqual([['pfail top', 1, 4]]);
  });

  it('keeps intent-bearing function words in pairs and no pair spans two messages', () => {
    const keys = featureKeys(tokens('why not arrived', 'card'), DEFAULT_FEATURE_OPTIONS);
    expect(keys).toEqual(expect.arrayContaining(['pnot why', 'parriv why', 'parriv not']));
    expect(keys.some((k) => k.startsWith('p') && k.includes('card'))).toBe(false);
  });

  it('gives a bare number no word feature', () => {
    expect(featureKeys(tokens('12:00'), DEFAULT_FEATURE_OPTIONS)).toEqual(['b#num #num']);
  });

  it('counts, without building, the pairs of a word the visitor does not know', () => {
    const built: string[] = [];
    const skipped = forEachFeature(tokens('refund card arrived'), DEFAULT_FEATURE_OPTIONS, (key) => {
      if (key === 'wcard') return false;
      if (key.startsWith('p')) built.push(key);
      return true;
    });
    expect(built).toEqual(['parriv refund']);
    expect(skipped).toBe(2);
  });

  it('indexes the vocabulary to the same features, ranges and unknown weight as the keys give', () => {
    const model = compileTaxonomy(DEFAULT_TAXONOMY);
    const texts = [
      'I was charged twice for my order, please refund the duplicate payment',
      'my parcel has not arrived and tracking shows nothing',
      'qwerty zxcvb asdf the the the',
      'I cant login, forgot my pasword',
      'refund refund refund twice twice',
      'At 12:00 my card was blocked',
    ];
    for (const segment of [texts.map((t) => tokens(t)), [tokens(...texts)]].flat()) {
      const expected: [number, number, number, boolean][] = [];
      const seen = new Set<number>();
      const unknown = new Set<string>();
      const skipped = forEachFeature(segment, model.features, (key, first, last) => {
        const id = model.vocab.get(key);
        if (id === undefined) {
          unknown.add(key);
          return false;
        }
        if (!seen.has(id)) expected.push([id, first, last, isPairKey(key)]);
        seen.add(id);
        return true;
      });
      let unknownWeight = skipped * model.features.pairWeight ** 2;
      for (const key of unknown) unknownWeight += featureWeight(key, model.features) ** 2;
      const got: [number, number, number, boolean][] = [];
      const gotSeen = new Set<number>();
      const gotUnknown = model.index.visit(segment, (id, first, last, pair) => {
        if (!gotSeen.has(id)) got.push([id, first, last, pair]);
        gotSeen.add(id);
      });
      expect(got).toEqual(expected);
      expect(gotUnknown).toBeCloseTo(unknownWeight, 9);
    }
  });
});
