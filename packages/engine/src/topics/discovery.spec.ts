import type { DiscoveryText } from '@vigil/contracts';
import { candidateToTopic, discoverTopics, discoveryText } from './discovery';
import { DEFAULT_TAXONOMY } from './topics.analyzer';

const crypto = [
  'how do I withdraw my crypto to an external wallet',
  'my bitcoin withdrawal is stuck',
  'can I send crypto to another wallet',
  'the crypto wallet transfer failed',
  'why is my bitcoin withdrawal pending',
  'withdraw ethereum to my own wallet',
  'crypto withdrawal still not completed',
];
const parking = [
  'where can I park near your office',
  'is there parking at the store',
  'do you validate parking tickets',
  'parking garage near the shop',
  'how much is parking at your location',
  'free parking for customers?',
];
const known = [
  'I was charged twice for the same order',
  'my parcel has not arrived yet',
  'I forgot my password',
];
const texts = (xs: string[], prefix: string): DiscoveryText[] =>
  xs.map((text, i) => ({ conversationId: `${prefix}-${i}`, text }));

describe('topic discovery', () => {
  const all = [
    ...texts(crypto, 'c'),
    ...texts(parking, 'p'),
    ...texts(known, 'k'),
    { conversationId: 'x', text: 'hello' },
  ];

  it('proposes clusters of unexplained requests with a label, examples and ids', () => {
    const res = discoverTopics(all, DEFAULT_TAXONOMY, { minClusterSize: 4 });
    expect(res.considered).toBe(all.length);
    expect(res.explained).toBeGreaterThanOrEqual(3);
    const labels = res.candidates.map((c) => c.label);
    const cryptoCand = res.candidates.find((c) => /crypto|withdraw|wallet|bitcoin/.test(c.label));
    const parkingCand = res.candidates.find((c) => /park/.test(c.label));
    expect(cryptoCand).toBeDefined();
    expect(parkingCand).toBeDefined();
    expect(labels.length).toBe(2);
    expect(cryptoCand!.conversationIds.every((id) => id.startsWith('c-'))).toBe(true);
    expect(cryptoCand!.examples.length).toBeGreaterThanOrEqual(3);
    expect(cryptoCand!.examples.length).toBeLessThanOrEqual(5);
    expect(cryptoCand!.size).toBe(cryptoCand!.conversationIds.length);
    expect(cryptoCand!.cohesion).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(discoverTopics(all, DEFAULT_TAXONOMY, { minClusterSize: 4 })).toEqual(
      discoverTopics(all, DEFAULT_TAXONOMY, { minClusterSize: 4 }),
    );
  });

  it('works with an empty taxonomy and turns a candidate into a topic', () => {
    const res = discoverTopics(all, null, { minClusterSize: 4 });
    const cand = res.candidates.find((c) => /park/.test(c.label))!;
    const topic = candidateToTopic(cand);
    expect(topic.key).toMatch(/^[a-z0-9_]+$/);
    expect(topic.label.length).toBeGreaterThan(0);
    expect(topic.examples).toEqual(cand.examples.map((e) => e.text));
    expect(topic.keywords.length).toBeGreaterThan(0);
  });

  it('joins the customer side of a conversation', () => {
    const text = discoveryText({
      messages: [
        { role: 'customer', text: 'hi' },
        { role: 'agent', text: 'hello' },
        { role: 'customer', text: 'my crypto withdrawal is stuck' },
      ],
    });
    expect(text).toBe('hi my crypto withdrawal is stuck');
  });

  it('keeps the text a valid topic example: at most 500 characters, never half an emoji', () => {
    const long = 'a'.repeat(499) + '😀 and more';
    const text = discoveryText({ messages: [{ role: 'customer', text: long }] });
    expect(text).toBe('a'.repeat(499));
    expect(discoveryText({ messages: [{ role: 'customer', text: 'x'.repeat(900) }] })).toHaveLength(500);
  });

  it('suggests ASCII keys, as configuration keys must be', () => {
    const base = { id: 'c', terms: ['kļūda', 'maksājums'], size: 5, share: 0.5, cohesion: 0.5, examples: [] };
    expect(candidateToTopic({ ...base, label: 'kļūda maksājumā', conversationIds: [] }).key).toBe(
      'kluda_maksajuma',
    );
    expect(candidateToTopic({ ...base, label: 'ошибка платежа', conversationIds: [] }).key).toBe('topic');
  });
});

describe('topic discovery on polite e-mails (the demo data)', () => {
  const customers = ['Priya', 'Grace', 'Tomas', 'Anna', 'Liga', 'Marek', 'Sofia', 'Jonas', 'Elena', 'Peter'];
  const agents = ['Ann Lee', 'Iris (AI)', 'Karl Berg'];
  const signOffs = ['Kind regards,', 'Best,', 'Thanks,', 'Regards,'];
  const requests = [
    'My parcel locker code does not open the locker.',
    'The locker code you sent me does not work at the parcel locker.',
    'I cannot open the parcel locker with my code.',
    'The app crashes when I open the statement page. It just says something went wrong.',
    'Every time I open my statement the app crashes and says something went wrong.',
  ];
  /** Conversations as the simulator writes e-mail: a greeting, the request, courtesy, a sign-off. */
  const conversations = Array.from({ length: 30 }, (_, i) => {
    const customer = customers[i % customers.length]!;
    const agent = agents[i % agents.length]!;
    return {
      id: `m-${i}`,
      agents: [{ id: `a-${i % agents.length}`, name: agent, kind: 'human' as const }],
      messages: [
        {
          role: 'customer' as const,
          text: `Hi,\n\n${requests[i % requests.length]}\n\n${signOffs[i % signOffs.length]}\n${customer}`,
        },
        { role: 'agent' as const, text: `Hello ${customer},\n\nLet me check.\n\nBest,\n${agent}` },
        {
          role: 'customer' as const,
          text: `Great, thank you so much ${agent.split(' ')[0]}!\n\nBest, ${customer}`,
        },
      ],
    };
  });

  it("leaves greetings, sign-offs and the agents' names out of the text", () => {
    expect(discoveryText(conversations[0]!)).toBe(
      'My parcel locker code does not open the locker. Great, thank you so much!',
    );
    const text = discoveryText({
      agents: [{ id: 'a', name: 'Karl Berg', kind: 'human' }],
      messages: [
        {
          role: 'customer',
          text: 'Dear Karl,\nmy card is blocked, Karl.\nKind regards,\nGrace Smith\nACME Ltd',
        },
      ],
    });
    expect(text).toBe('my card is blocked,.');
  });

  it('keeps a one-line chat message that starts with a greeting', () => {
    expect(discoveryText({ messages: [{ role: 'customer', text: 'Hi, my card is blocked' }] })).toBe(
      'Hi, my card is blocked',
    );
  });

  it('proposes the requests, not sign-offs, names or courtesy', () => {
    const texts = conversations.map((c) => ({ conversationId: c.id, text: discoveryText(c) }));
    const { candidates } = discoverTopics(texts, null, { minClusterSize: 4 });
    const words = candidates
      .flatMap((c) => [c.label, ...c.terms])
      .join(' | ')
      .toLowerCase();
    for (const name of [...customers, 'ann', 'iris', 'karl', 'berg'])
      expect(words).not.toMatch(new RegExp(`\\b${name.toLowerCase()}\\b`));
    for (const filler of ['regards', 'best', 'great', 'much', 'says', 'something', 'kind'])
      expect(words).not.toMatch(new RegExp(`\\b${filler}\\b`));
    expect(candidates.some((c) => /locker/.test(c.label))).toBe(true);
    expect(candidates.some((c) => /crash|statement|wrong/.test(c.label))).toBe(true);
  });
});
