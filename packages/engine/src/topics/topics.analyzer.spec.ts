import type { Conversation, Evidence, TopicTaxonomy } from '@vigil/contracts';
import { tokenize } from '../text/tokenize';
import { DEFAULT_FEATURE_OPTIONS } from './features';
import { compileTaxonomy, DEFAULT_TRAINING, scoreTokens } from './model';
import { topicsAnalyzer, DEFAULT_TAXONOMY } from './topics.analyzer';

type Msg = { role: 'customer' | 'agent' | 'bot' | 'system'; text: string };

function conversation(messages: Msg[]): Conversation {
  return {
    externalId: 't-1',
    source: 'test',
    channel: 'chat',
    startedAt: '2026-01-05T10:00:00Z',
    endedAt: '2026-01-05T10:10:00Z',
    agents: [{ id: 'a-1', kind: 'human' }],
    customer: {},
    messages,
    metadata: {},
  };
}

const analyze = (messages: Msg[], taxonomy?: TopicTaxonomy) =>
  topicsAnalyzer.analyze(conversation(messages), {
    language: 'en',
    config: taxonomy ? { taxonomy } : undefined,
  });

function expectValidEvidence(c: Conversation, evidence: Evidence[]) {
  for (const e of evidence) {
    expect(c.messages[e.messageIndex]!.text.slice(e.start, e.end)).toBe(e.quote);
    expect(e.quote.length).toBeGreaterThan(0);
  }
}

describe('topics analyzer (default taxonomy)', () => {
  it('assigns the obvious topic with evidence from the customer', () => {
    const msgs: Msg[] = [
      { role: 'customer', text: 'Hi, my parcel still has not arrived and the tracking page shows nothing.' },
      { role: 'agent', text: 'Sorry to hear that, let me look into it.' },
    ];
    const out = analyze(msgs);
    expect(out.analyzer).toBe('topics');
    expect(out.result.primary).toBe('delivery.status');
    expect(out.result.none).toBe(false);
    expect(out.result.topics[0]!.confidence).toBeGreaterThan(0.5);
    expect(out.result.topics[0]!.messageIndices).toEqual([0]);
    expect(out.evidence.length).toBeGreaterThan(0);
    expect(out.evidence.every((e) => e.messageIndex === 0 && e.target.key === 'delivery.status')).toBe(true);
    expectValidEvidence(conversation(msgs), out.evidence);
  });

  it('says none for greetings, thanks and small talk', () => {
    for (const text of [
      'Hello, how are you today?',
      'ok thank you so much, bye!',
      'What lovely weather we are having',
      '12:00',
      'At 7:15 pm',
    ]) {
      const out = analyze([
        { role: 'customer', text },
        { role: 'agent', text: 'Hello! How can I help?' },
      ]);
      expect(out.result.none).toBe(true);
      expect(out.result.topics).toEqual([]);
      expect(out.result.primary).toBeNull();
      expect(out.evidence).toEqual([]);
    }
  });

  it('gives the request its topic when small talk comes first (few examples per topic)', () => {
    // The default taxonomy has ten examples a topic: the topics' margins are calibrated for that, so
    // the greeting does not hand the turn to "no topic".
    const out = analyze([
      { role: 'customer', text: 'Hi, how are you? I think I paid twice for the same thing.' },
    ]);
    expect(out.result.primary).toBe('billing.double_charge');
    expect(out.result.topics[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('finds two topics when the customer asks two things', () => {
    const msgs: Msg[] = [
      {
        role: 'customer',
        text: 'I was charged twice for my order. Also I need to change my address, I moved last week.',
      },
    ];
    const keys = analyze(msgs).result.topics.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['billing.double_charge', 'account.change']));
  });

  it('finds topics in separate customer turns and records where', () => {
    const msgs: Msg[] = [
      { role: 'customer', text: 'Someone stole my wallet, please block my card.' },
      { role: 'agent', text: 'Done, your card is blocked.' },
      { role: 'customer', text: 'Thanks. And how do I get my money back for the purchases they made?' },
    ];
    const topics = analyze(msgs).result.topics;
    const byKey = Object.fromEntries(topics.map((t) => [t.key, t]));
    expect(byKey['card.lost_stolen']?.messageIndices).toEqual([0]);
    expect(byKey['refund']?.messageIndices).toEqual([2]);
  });

  it('points keyword evidence at the exact characters', () => {
    const text = 'Hello!!  I would like to CANCEL MY SUBSCRIPTION today, it is too expensive.';
    const msgs: Msg[] = [{ role: 'customer', text }];
    const out = analyze(msgs);
    expect(out.result.primary).toBe('subscription.cancel');
    const kw = out.evidence.find((e) => e.ruleId === 'topics.subscription.cancel.keyword');
    expect(kw).toBeDefined();
    expect(kw!.start).toBe(text.indexOf('CANCEL'));
    expect(kw!.end).toBe(text.indexOf('CANCEL') + 'CANCEL MY SUBSCRIPTION'.length);
    expect(kw!.quote).toBe('CANCEL MY SUBSCRIPTION');
    expect(kw!.ruleVersion).toBe(DEFAULT_TAXONOMY.version);
    expectValidEvidence(conversation(msgs), out.evidence);
  });

  it('tolerates typos and contractions', () => {
    const out = analyze([
      { role: 'customer', text: "i cant login, forgot my pasword and the reset email isn't comming" },
    ]);
    expect(out.result.primary).toBe('account.access');
  });

  it('falls back to the agent only when the customer says nothing topical', () => {
    const out = analyze([
      { role: 'customer', text: 'yes' },
      { role: 'bot', text: 'I understand you want to cancel your subscription. Is that right?' },
    ]);
    expect(out.result.primary).toBe('subscription.cancel');
    expect(out.result.topics[0]!.confidence).toBeLessThan(1);
    expect(out.result.topics[0]!.messageIndices).toEqual([1]);
  });

  it('reports a conversation without customer messages as missing them', () => {
    const out = analyze([{ role: 'system', text: 'Chat started' }]);
    expect(out.result.none).toBe(true);
    expect(out.missing).toContain('messages[role=customer]');
  });

  it('uses a configured taxonomy, cached by version, with keyword boosts', () => {
    const taxonomy: TopicTaxonomy = {
      version: 'spec-1',
      topics: [
        {
          key: 'pets',
          label: 'Pets',
          examples: ['my dog is ill', 'the cat will not eat', 'book a vet visit for my puppy'],
          keywords: ['vet'],
        },
        {
          key: 'garden',
          label: 'Garden',
          examples: [
            'my tomatoes are wilting',
            'how often should I water the lawn',
            'roses have black spots',
          ],
          keywords: ['compost'],
        },
      ],
    };
    const a = analyze([{ role: 'customer', text: 'Where can I get compost?' }], taxonomy);
    expect(a.result.primary).toBe('garden');
    expect(a.result.taxonomyVersion).toBe('spec-1');
    expect(a.evidence.some((e) => e.quote === 'compost' && e.ruleId === 'topics.garden.keyword')).toBe(true);
    const b = analyze([{ role: 'customer', text: 'The vet said my kitten needs pills' }], taxonomy);
    expect(b.result.primary).toBe('pets');
    expect(
      analyze([{ role: 'customer', text: 'I want to cancel my subscription' }], taxonomy).result.none,
    ).toBe(true);
  });

  it('respects the threshold and maxTopics options', () => {
    const msgs: Msg[] = [
      { role: 'customer', text: 'I was charged twice. Also I need to change my address.' },
    ];
    const one = topicsAnalyzer.analyze(conversation(msgs), {
      language: 'en',
      config: { taxonomy: DEFAULT_TAXONOMY, options: { maxTopics: 1 } },
    });
    expect(one.result.topics).toHaveLength(1);
    const strict = topicsAnalyzer.analyze(conversation(msgs), {
      language: 'en',
      config: { taxonomy: DEFAULT_TAXONOMY, options: { threshold: 1.01 } },
    });
    expect(strict.result.none).toBe(true);
    expect(strict.result.best).not.toBeNull();
  });
});

describe('topic model calibration', () => {
  const argmax = (p: readonly number[]) => p.reduce((best, v, k) => (v > p[best]! ? k : best), 0);
  const tokens = (text: string) => tokenize(text).map((t) => ({ ...t, message: 0 }));

  it('strengthens a sparse taxonomy against "none" without changing which topic ranks first', () => {
    const calibrated = compileTaxonomy(DEFAULT_TAXONOMY);
    const plain = compileTaxonomy(DEFAULT_TAXONOMY, DEFAULT_FEATURE_OPTIONS, {
      ...DEFAULT_TRAINING,
      gainPower: 0,
      bgShift: 0,
    });
    expect(calibrated.gain).toBeGreaterThan(1);
    expect(calibrated.bgOffset).toBeLessThan(0);
    expect(plain.gain).toBe(1);
    for (const text of [
      'Hi, how are you? I think I paid twice for the same thing.',
      'my new card still has not come',
      'the app shows an error when I log in',
    ]) {
      const a = scoreTokens(calibrated, tokens(text));
      const b = scoreTokens(plain, tokens(text));
      expect(argmax(a.probs)).toBe(argmax(b.probs));
      expect(a.none).toBeLessThanOrEqual(b.none);
    }
  });
});
