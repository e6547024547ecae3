import { EMOTICON_SET } from './symbols';
import { TokenKind, tokenize } from './tokenize';

const kinds = (text: string) => tokenize(text, EMOTICON_SET).map((t) => [t.kind, text.slice(t.start, t.end)]);

describe('tokenize', () => {
  it('splits words, contractions and punctuation runs with exact offsets', () => {
    const text = "I didn't get my refund!!! Why?";
    const tokens = tokenize(text, EMOTICON_SET);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'I',
      "didn't",
      'get',
      'my',
      'refund',
      '!!!',
      'Why',
      '?',
    ]);
    expect(tokens[1]!.norm).toBe("didn't");
    expect(tokens[5]!.kind).toBe(TokenKind.Punct);
  });

  it('normalises curly apostrophes and lower-cases', () => {
    const [t] = tokenize('DIDN’T', EMOTICON_SET);
    expect(t!.norm).toBe("didn't");
    expect(t!.caps).toBe(true);
  });

  it('recognises emoticons only as separate tokens', () => {
    expect(kinds('thanks :) see you :-(')).toEqual([
      [TokenKind.Word, 'thanks'],
      [TokenKind.Emoticon, ':)'],
      [TokenKind.Word, 'see'],
      [TokenKind.Word, 'you'],
      [TokenKind.Emoticon, ':-('],
    ]);
    // "Note:" is a word and a colon, not an emoticon
    expect(kinds('Note: (see above)').map(([k]) => k)).not.toContain(TokenKind.Emoticon);
  });

  it('keeps emoji with skin tones and ZWJ sequences in one token', () => {
    const text = 'ok 🙏🏽 🤦‍♂️!';
    const tokens = tokenize(text, EMOTICON_SET);
    const emoji = tokens.filter((t) => t.kind === TokenKind.Emoji);
    expect(emoji.map((t) => t.norm)).toEqual(['🙏', '🤦']);
    expect(text.slice(emoji[0]!.start, emoji[0]!.end)).toBe('🙏🏽');
    expect(text.slice(emoji[1]!.start, emoji[1]!.end)).toBe('🤦‍♂️');
  });

  it('reads Latvian letters as word characters and skips HTML entities', () => {
    expect(kinds('Ļoti slikti &amp; nepieņemami').map(([, s]) => s)).toEqual([
      'Ļoti',
      'slikti',
      'nepieņemami',
    ]);
  });

  it('reads an HTML-escaped emoticon as that emoticon, with offsets over the escaped text', () => {
    const text = 'miss you all &lt;3 and this &gt;:( too &lt;b&gt;';
    const tokens = tokenize(text, EMOTICON_SET).filter((t) => t.kind === TokenKind.Emoticon);
    expect(tokens.map((t) => t.norm)).toEqual(['<3', '>:(']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['&lt;3', '&gt;:(']);
    // an entity glued to a word is not an emoticon
    expect(kinds('a&lt;3b').map(([k]) => k)).not.toContain(TokenKind.Emoticon);
  });

  it('returns nothing for empty or blank text', () => {
    expect(tokenize('', EMOTICON_SET)).toEqual([]);
    expect(tokenize('  \n\t ', EMOTICON_SET)).toEqual([]);
  });
});
