import {
  DEFAULT_LIMITS_BY_CHANNEL,
  scorecardSchema,
  type Conversation,
  type QaConfig,
  type QaCriterionResult,
  type QaScorecard,
} from '@vigil/contracts';
import { qaAnalyzer, DEFAULT_SCORECARD } from './qa.analyzer';
import { engineConversation, type Msg } from '../../../../test/support/engine-conversation';

const at = (s: number) => new Date(Date.parse('2026-01-05T10:00:00Z') + s * 1000).toISOString();

const conversation = (messages: Msg[], extra: Partial<Conversation> = {}) =>
  engineConversation(messages, { externalId: 'q-1', ...extra });

function run(c: Conversation, config?: QaConfig) {
  const out = qaAnalyzer.analyze(c, { language: 'en', config });
  for (const e of out.evidence) expect(c.messages[e.messageIndex]!.text.slice(e.start, e.end)).toBe(e.quote);
  const by = Object.fromEntries(out.result.criteria.map((r) => [r.key, r])) as Record<
    string,
    QaCriterionResult
  >;
  return { out, by };
}

const good: Msg[] = [
  {
    role: 'customer',
    text: 'Hi, I was charged twice for my subscription and this is really frustrating!',
    at: at(0),
  },
  {
    role: 'agent',
    authorId: 'a-1',
    text: "Hello, thanks for contacting us. I'm sorry about that, I understand how annoying it is.",
    at: at(30),
  },
  { role: 'customer', text: 'Also I need to change my email address on the account.', at: at(60) },
  {
    role: 'agent',
    authorId: 'a-1',
    text: 'Sure. For security reasons, can you confirm your full name and date of birth?',
    at: at(90),
  },
  { role: 'customer', text: 'Anna Berzina, 3 May 1990.', at: at(120) },
  {
    role: 'agent',
    authorId: 'a-1',
    text: "Thank you. I've updated your email and I have refunded the second charge.",
    at: at(170),
  },
  {
    role: 'agent',
    authorId: 'a-1',
    text: 'Does that solve it? Is there anything else I can help with?',
    at: at(175),
  },
  { role: 'customer', text: 'No, that is all.', at: at(200) },
  { role: 'agent', authorId: 'a-1', text: 'Thank you for contacting us, have a great day!', at: at(210) },
];

describe('QA analyzer (default scorecard)', () => {
  it('scores a good conversation 100 with evidence for every criterion', () => {
    const { out, by } = run(conversation(good));
    expect(out.analyzer).toBe('qa');
    for (const k of [
      'greeting',
      'identity_verification',
      'empathy',
      'solution_offered',
      'resolution_confirmed',
      'closing',
      'first_response_time',
      'long_silence',
    ]) {
      expect([k, by[k]!.outcome]).toEqual([k, 'met']);
    }
    expect(out.result.score).toBe(100);
    expect(by.first_response_time!.seconds).toBe(30);
    expect(by.long_silence!.seconds).toBe(50);
    expect(out.result.agentIds).toEqual(['a-1']);
    expect(out.evidence.find((e) => e.signal === 'verification')?.quote).toMatch(
      /security reasons|full name/i,
    );
    expect(
      out.evidence.every((e) => e.ruleId.startsWith('qa.') && e.ruleVersion === DEFAULT_SCORECARD.version),
    ).toBe(true);
    expect(out.missing).toEqual([]);
  });

  it('fails verification when the change is confirmed before identity is checked', () => {
    const c = conversation([
      { role: 'customer', text: 'Please update my phone number to 555 0100.' },
      { role: 'agent', authorId: 'a-1', text: "Hi! Done, I've updated your phone number." },
      { role: 'agent', authorId: 'a-1', text: 'Could you also confirm your date of birth?' },
    ]);
    const { by, out } = run(c);
    expect(by.identity_verification!.outcome).toBe('not_met');
    expect(by.identity_verification!.agentId).toBe('a-1');
    const signals = out.evidence.filter((e) => e.ruleId === 'qa.identity_verification').map((e) => e.signal);
    expect(signals).toEqual(['change_request', 'change_confirmed']);
  });

  it('treats verification as not applicable without a change request, and met when metadata says verified', () => {
    const plain = run(
      conversation([
        { role: 'customer', text: 'Where is my parcel?' },
        { role: 'agent', text: 'Hello, it arrives tomorrow.' },
      ]),
    );
    expect(plain.by.identity_verification!.outcome).toBe('not_applicable');
    const verified = run(
      conversation(
        [
          { role: 'customer', text: 'I want to change my address.' },
          { role: 'agent', text: 'Hello, I have updated your address.' },
        ],
        { metadata: { auth: { verified: true } } },
      ),
    );
    expect(verified.by.identity_verification!.outcome).toBe('met');
  });

  it('marks greeting, closing, resolution and empathy not met with real failing phrasing', () => {
    const c = conversation([
      { role: 'customer', text: 'My card has been declined three times today, this is ridiculous.' },
      { role: 'agent', authorId: 'a-1', text: 'What is the card number.' },
      { role: 'customer', text: 'Ending 4421.' },
      { role: 'agent', authorId: 'a-1', text: 'The card is blocked by the bank.' },
    ]);
    const { by, out } = run(c);
    expect(by.greeting!.outcome).toBe('not_met');
    expect(by.empathy!.outcome).toBe('not_met');
    expect(by.resolution_confirmed!.outcome).toBe('not_met');
    expect(by.closing!.outcome).toBe('not_met');
    expect(by.solution_offered!.outcome).toBe('not_met');
    expect(out.evidence.find((e) => e.signal === 'upset')?.quote).toBe('ridiculous');
    expect(out.result.score).toBe(0);
  });

  it('uses customerUpsetAt from the caller instead of its own cue', () => {
    const c = conversation([
      { role: 'customer', text: 'I have been charged again.' },
      { role: 'agent', authorId: 'a-1', text: 'Hello. I apologise for the trouble, let me fix it.' },
    ]);
    expect(run(c).by.empathy!.outcome).toBe('not_applicable');
    expect(run(c, { scorecard: DEFAULT_SCORECARD, customerUpsetAt: [0] }).by.empathy!.outcome).toBe('met');
  });

  it('makes timing criteria not applicable when timestamps are missing', () => {
    const c = conversation(good.map(({ at: _at, ...m }) => m));
    const { by, out } = run(c);
    expect(by.first_response_time!.outcome).toBe('not_applicable');
    expect(by.long_silence!.outcome).toBe('not_applicable');
    expect(out.missing).toContain('messages[].at');
    expect(out.result.score).toBe(100);
  });

  it('fails slow first replies and long silences, with the seconds', () => {
    const c = conversation([
      { role: 'customer', text: 'Hello, is anyone there?', at: at(0) },
      { role: 'agent', authorId: 'a-1', text: 'Hi, sorry for the wait. Let me check.', at: at(95) },
      {
        role: 'agent',
        authorId: 'a-1',
        text: 'Thanks for waiting. You can reset it in the app.',
        at: at(500),
      },
    ]);
    const { by, out } = run(c);
    expect(by.first_response_time).toMatchObject({ outcome: 'not_met', seconds: 95, agentId: 'a-1' });
    expect(by.long_silence).toMatchObject({ outcome: 'not_met', seconds: 405 });
    expect(out.evidence.find((e) => e.ruleId === 'qa.long_silence')?.messageIndex).toBe(2);
  });

  it('scores an AI agent the same way and lists each agent', () => {
    const c = conversation(
      [
        { role: 'customer', text: 'I forgot my password', at: at(0) },
        {
          role: 'bot',
          authorId: 'bot-1',
          text: 'Hi! I am the virtual assistant. You can reset it from the login page.',
          at: at(2),
        },
        { role: 'customer', text: 'It does not work, I want a human', at: at(30) },
        {
          role: 'agent',
          authorId: 'a-2',
          text: "I'm sorry about that. I have reset it for you. Anything else I can help with?",
          at: at(60),
        },
        { role: 'agent', authorId: 'a-2', text: 'Have a nice day!', at: at(70) },
      ],
      {
        agents: [
          { id: 'bot-1', kind: 'ai' },
          { id: 'a-2', kind: 'human' },
        ],
      },
    );
    const { by, out } = run(c);
    expect(by.greeting).toMatchObject({ outcome: 'met', agentId: 'bot-1' });
    expect(by.first_response_time).toMatchObject({ outcome: 'met', agentId: 'bot-1', seconds: 2 });
    expect(by.closing).toMatchObject({ outcome: 'met', agentId: 'a-2' });
    expect(out.result.agents).toEqual([
      { id: 'bot-1', kind: 'ai', messages: 1 },
      { id: 'a-2', kind: 'human', messages: 2 },
    ]);
    expect(out.result.agentIds).toEqual(['bot-1', 'a-2']);
  });

  it('returns a null score when nothing applies and accepts configured phrases and weights', () => {
    expect(run(conversation([{ role: 'system', text: 'chat opened' }])).out.result.score).toBeNull();
    const scorecard: QaScorecard = {
      version: 'custom-1',
      criteria: [
        {
          key: 'brand_greeting',
          label: 'Uses the brand greeting',
          weight: 2,
          kind: 'greeting',
          params: { phrases: ['welcome to * bank'] },
        },
        { key: 'closing', label: 'Closing', weight: 1, kind: 'closing' },
      ],
    };
    const c = conversation([
      { role: 'customer', text: 'my card is stuck' },
      { role: 'agent', text: 'Welcome to Northern Bank. Let me look.' },
    ]);
    const { out } = run(c, { scorecard });
    expect(out.result.criteria.map((r) => r.outcome)).toEqual(['met', 'not_met']);
    expect(out.result.score).toBeCloseTo(66.7, 1);
    expect(out.result.scorecardVersion).toBe('custom-1');
  });
});

describe('timing evidence', () => {
  it('never cuts an emoji in half when it shortens the quoted reply', () => {
    const reply = `${'x'.repeat(79)}😀 and the rest of a long first reply`;
    const { out } = run(
      conversation([
        { role: 'customer', text: 'Hello, my card does not work', at: at(0) },
        { role: 'agent', text: reply, at: at(20) },
      ]),
    );
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const quotes = out.evidence.filter((e) => e.messageIndex === 1).map((e) => e.quote);
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(loneSurrogate.test(quote)).toBe(false);
  });
});

describe('timing limits per channel', () => {
  const hours = (h: number) => h * 3600;
  /** The customer writes, the agent answers after `reply` seconds and writes again `gap` seconds later. */
  const exchange = (channel: Conversation['channel'], reply: number, gap = 30) =>
    conversation(
      [
        { role: 'customer', text: 'Hello, my card does not work', at: at(0) },
        { role: 'agent', authorId: 'a-1', text: 'Hello, sorry about that. Let me check.', at: at(reply) },
        { role: 'agent', authorId: 'a-1', text: 'Thanks for waiting, it works again.', at: at(reply + gap) },
      ],
      { channel, endedAt: at(reply + gap) },
    );

  it('the default scorecard gives e-mail a day and social an hour to reply, not a chat minute', () => {
    expect(run(exchange('email', hours(3))).by.first_response_time).toMatchObject({
      outcome: 'met',
      seconds: hours(3),
    });
    expect(run(exchange('email', hours(25))).by.first_response_time!.outcome).toBe('not_met');
    expect(run(exchange('social', 40 * 60)).by.first_response_time!.outcome).toBe('met');
    expect(run(exchange('social', hours(2))).by.first_response_time!.outcome).toBe('not_met');
    expect(run(exchange('chat', 95)).by.first_response_time!.outcome).toBe('not_met');
    expect(run(exchange('messaging', 45)).by.first_response_time!.outcome).toBe('met');
  });

  it('the default scorecard does not measure the first reply of a voice call (the queue is not in it)', () => {
    const { by } = run(exchange('voice', 5));
    expect(by.first_response_time).toMatchObject({
      outcome: 'not_applicable',
      reason: 'not measured on voice',
    });
  });

  it('the default scorecard allows e-mail long waits between replies, and chat none', () => {
    expect(run(exchange('email', 60, hours(5))).by.long_silence!.outcome).toBe('met');
    expect(run(exchange('chat', 30, 600)).by.long_silence!.outcome).toBe('not_met');
  });

  it("uses the criterion's single limit for channels its limitsByChannel leaves out", () => {
    const scorecard: QaScorecard = {
      version: 'c',
      criteria: [
        {
          key: 'frt',
          label: 'First reply',
          weight: 1,
          kind: 'first_response_time',
          params: { maxSeconds: 30, limitsByChannel: { email: 600, sms: null } },
        },
      ],
    };
    const outcome = (c: Conversation) => run(c, { scorecard }).by.frt!.outcome;
    expect(outcome(exchange('email', 500))).toBe('met');
    expect(outcome(exchange('chat', 45))).toBe('not_met');
    expect(outcome(exchange('sms', 5))).toBe('not_applicable');
  });

  it('ships the limits the settings offer for a new criterion', () => {
    for (const [kind, limits] of Object.entries(DEFAULT_LIMITS_BY_CHANNEL)) {
      const criterion = DEFAULT_SCORECARD.criteria.find((c) => c.kind === kind)!;
      expect(criterion.params?.limitsByChannel).toEqual(limits);
    }
  });

  it('the configuration schema refuses limits that are not whole seconds up to a week, or unknown channels', () => {
    const withLimits = (limitsByChannel: unknown) =>
      scorecardSchema.safeParse({
        criteria: [
          {
            key: 'frt',
            label: 'First reply',
            weight: 1,
            kind: 'first_response_time',
            params: { limitsByChannel },
          },
        ],
      });
    expect(withLimits({ email: 86_400, voice: null }).success).toBe(true);
    for (const bad of [{ email: -5 }, { email: 1.5 }, { email: 8 * 86_400 }, { fax: 60 }, { chat: '60' }]) {
      const result = withLimits(bad);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path.slice(0, 4)).toEqual(['criteria', 0, 'params', 'limitsByChannel']);
    }
    expect(scorecardSchema.safeParse(DEFAULT_SCORECARD).success).toBe(true);
  });
});
