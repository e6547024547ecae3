import type { Conversation, MessageRole } from '@vigil/contracts';
import { sentimentAnalyzer, trajectory } from './sentiment.analyzer';

function conversation(messages: Array<[MessageRole, string]>, language?: string): Conversation {
  return {
    externalId: 'c-1',
    source: 'test',
    channel: 'chat',
    language,
    startedAt: '2026-11-23T10:00:00Z',
    endedAt: '2026-11-23T10:10:00Z',
    agents: [],
    customer: {},
    messages: messages.map(([role, text]) => ({ role, text })),
    metadata: {},
  };
}

const analyze = (messages: Array<[MessageRole, string]>, language = 'en') =>
  sentimentAnalyzer.analyze(conversation(messages, language), { language, config: undefined });

describe('sentimentAnalyzer', () => {
  it('names itself and carries a version', () => {
    expect(sentimentAnalyzer.name).toBe('sentiment');
    expect(sentimentAnalyzer.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('follows the customer from angry to happy', () => {
    const out = analyze([
      ['customer', 'I was charged twice and nobody answers! This is ridiculous!!'],
      ['agent', "I'm sorry about that, let me check."],
      ['customer', 'ok'],
      ['agent', 'I have refunded the second charge.'],
      ['customer', 'Great, thank you so much, that was quick!'],
    ]);
    const { customer, messages, speakers, emotions } = out.result;
    expect(out.analyzer).toBe('sentiment');
    expect(messages).toHaveLength(5);
    expect(messages[0]!.polarity).toBeLessThan(0);
    expect(messages[4]!.polarity).toBeGreaterThan(0.5);
    expect(customer.start).toBeLessThan(0);
    expect(customer.end).toBeGreaterThan(0.5);
    expect(customer.turningPoint).toBe(4);
    expect(customer.overall).not.toBeNull();
    expect(speakers.customer?.messages).toBe(3);
    expect(speakers.agent?.messages).toBe(2);
    expect(emotions.frustration).toBeGreaterThanOrEqual(0.5);
    expect(emotions.gratitude).toBeGreaterThanOrEqual(0.5);
    expect(Object.keys(emotions).sort()).toEqual(
      ['anger', 'confusion', 'disappointment', 'frustration', 'gratitude', 'urgency'].sort(),
    );
  });

  it('points evidence at the right message and characters', () => {
    const texts: Array<[MessageRole, string]> = [
      ['customer', 'Hello'],
      ['customer', 'This is unacceptable, I want to speak to a manager and cancel my account.'],
    ];
    const out = analyze(texts);
    expect(out.result.escalationRequested).toBe(true);
    expect(out.result.churnIntent).toBe(true);
    for (const e of out.evidence) expect(texts[e.messageIndex]![1].slice(e.start, e.end)).toBe(e.quote);
    expect(out.evidence.some((e) => e.signal === 'escalation' && e.messageIndex === 1)).toBe(true);
    expect(out.evidence.some((e) => e.signal === 'churn' && e.quote === 'cancel my account')).toBe(true);
  });

  it("does not count the agent's words as the customer's escalation or churn", () => {
    const out = analyze([
      ['customer', 'My internet is down'],
      ['agent', 'I can transfer you to a supervisor, or cancel your subscription if you prefer.'],
    ]);
    expect(out.result.escalationRequested).toBe(false);
    expect(out.result.churnIntent).toBe(false);
  });

  it('leaves the trajectory empty when the customer never expresses an opinion', () => {
    const out = analyze([
      ['customer', 'What is my balance?'],
      ['agent', 'It is 20 euros.'],
    ]);
    expect(out.result.customer).toEqual({ start: null, end: null, turningPoint: null, overall: null });
    expect(out.result.speakers.customer).toEqual({ polarity: 0, messages: 1 });
  });

  it('reports conversations without customer messages as missing input', () => {
    const out = analyze([['bot', 'Hello! How can I help?']]);
    expect(out.missing).toContain('messages.customer');
  });

  it('detects the language when the context has none', () => {
    const c = conversation([
      ['customer', 'Labdien, man nav interneta jau trīs dienas. Tas ir nepieņemami!'],
      ['agent', 'Atvainojiet, lūdzu uzgaidiet.'],
      ['customer', 'Paldies, tagad viss strādā, lieliski!'],
    ]);
    const out = sentimentAnalyzer.analyze(c, { language: '', config: undefined });
    expect(out.result.messages[0]!.polarity).toBeLessThan(0);
    expect(out.result.messages[2]!.polarity).toBeGreaterThan(0);
    expect(out.result.customer.turningPoint).toBe(2);
  });
});

describe('trajectory', () => {
  it('weights later turns more and finds the sharpest change', () => {
    const t = trajectory([
      { index: 0, polarity: -0.8 },
      { index: 2, polarity: -0.6 },
      { index: 4, polarity: 0.7 },
    ]);
    expect(t.start).toBe(-0.8);
    expect(t.end).toBe(0.7);
    expect(t.turningPoint).toBe(4);
    // recency-weighted mean (weights 1, 1.5, 2) is above the plain mean
    expect(t.overall!).toBeGreaterThan((-0.8 - 0.6 + 0.7) / 3);
  });

  it('reports no turning point for a steady mood', () => {
    expect(
      trajectory([
        { index: 0, polarity: 0.3 },
        { index: 1, polarity: 0.5 },
      ]).turningPoint,
    ).toBeNull();
  });
});
