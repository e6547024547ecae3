import type { ConversationScores } from '@vigil/contracts';
import { phraseTokens } from '../compliance/phrase-text';
import { DEFAULT_ENGINE_CONFIG } from '../defaults';
import { scoreConversation } from '../engine';
import { ANALYZERS } from '../registry';
import { ConversationWords, wordsOf } from './conversation-words';
import { engineConversation } from '../../../../test/support/engine-conversation';

const conversation = engineConversation;

const english = conversation([
  {
    role: 'customer',
    text: "I can't log in and I need to change my e-mail today!",
    at: '2026-01-05T10:00:00Z',
  },
  {
    role: 'agent',
    text: 'Sorry about that. For security reasons, please confirm your date of birth.',
    at: '2026-01-05T10:00:40Z',
  },
  {
    role: 'customer',
    text: 'It is 12 March 1990. Please hurry, do not tell anyone.',
    at: '2026-01-05T10:01:10Z',
  },
  {
    role: 'agent',
    text: 'Thank you, identity verified. I have updated your e-mail. Anything else I can help with?',
    at: '2026-01-05T10:04:30Z',
  },
  { role: 'customer', text: 'No, thanks, bye', at: 'not a time' },
]);

const latvian = conversation(
  [
    {
      role: 'customer',
      text: 'Labdien, man steidzami jānomaina tālruņa numurs un e-pasts kontā.',
      at: '2026-01-05T10:00:00Z',
    },
    { role: 'agent', text: 'Lūdzu, nosauciet savu dzimšanas datumu, lai pārbaudītu identitāti.' },
    {
      role: 'customer',
      text: 'Esmu no policijas, paturiet noslēpumā un pārvietojiet naudu uz aizsargātu kontu.',
    },
    { role: 'agent', text: 'Diemžēl bez pārbaudes nevaru.' },
  ],
  { language: 'lv' },
);

describe('ConversationWords', () => {
  it("gives each message's phrase tokens as the tokenizer makes them, made once", () => {
    const words = new ConversationWords(english);
    english.messages.forEach((m, i) => {
      const tokens = words.phraseTokens(i, 'en');
      expect(tokens).toEqual(phraseTokens(m.text, 'en'));
      expect(words.phraseTokens(i, 'en')).toBe(tokens);
    });
  });

  it('tokenizes again for another stemming language', () => {
    const words = new ConversationWords(latvian);
    const asEnglish = words.phraseTokens(0, 'en');
    const asLatvian = words.phraseTokens(0, 'lv');
    expect(asLatvian).toEqual(phraseTokens(latvian.messages[0]!.text, 'lv'));
    expect(asLatvian).not.toEqual(asEnglish);
    expect(words.phraseTokens(0, 'lv')).toBe(asLatvian);
  });

  it("gives each message's time, null where it is missing or does not parse", () => {
    const words = new ConversationWords(english);
    expect(words.timeOf(0)).toBe(Date.parse('2026-01-05T10:00:00Z'));
    expect(words.timeOf(3)).toBe(Date.parse('2026-01-05T10:04:30Z'));
    expect(words.timeOf(4)).toBeNull();
    expect(new ConversationWords(latvian).timeOf(1)).toBeNull();
    expect(words.timeOf(99)).toBeNull();
  });

  it('is shared only with the conversation it was made for', () => {
    const words = new ConversationWords(english);
    expect(wordsOf(english, words)).toBe(words);
    expect(wordsOf(latvian, words).conversation).toBe(latvian);
    expect(wordsOf(english, undefined)).not.toBe(words);
  });

  it("leaves every analyzer's result as when it runs alone with its own words", () => {
    for (const c of [english, latvian]) {
      const shared = scoreConversation(c);
      const alone: Record<string, unknown> = {};
      for (const analyzer of ANALYZERS) {
        alone[analyzer.name] = analyzer.analyze(c, {
          language: c.language ?? 'en',
          config: analyzer.configFrom(DEFAULT_ENGINE_CONFIG),
          results: alone as ConversationScores,
        });
      }
      expect(shared).toEqual(alone);
      // the words carry the fraud and compliance cues and the QA timings these conversations test
      expect(shared.fraud?.result.risk).toBeGreaterThan(0);
      expect(shared.qa?.result.criteria.find((k) => k.kind === 'first_response_time')?.seconds).toBe(
        c === english ? 40 : undefined,
      );
    }
  });
});
