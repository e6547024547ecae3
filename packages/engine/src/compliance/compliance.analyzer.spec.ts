import {
  policyDocumentSchema,
  type ComplianceResult,
  type Conversation,
  type Evidence,
  type PiiResult,
  type PolicyDocument,
  type PolicyRuleInput,
} from '@vigil/contracts';
import { DEFAULT_POLICIES, complianceAnalyzer } from './compliance.analyzer';
import { engineConversation, type Msg } from '../../../../test/support/engine-conversation';

const conversation = engineConversation;

const agent = (text: string): Msg => ({ role: 'agent', text });
const customer = (text: string): Msg => ({ role: 'customer', text });

function policies(...rules: PolicyRuleInput[]): PolicyDocument {
  return policyDocumentSchema.parse({ version: '7', rules });
}

function run(
  c: Conversation,
  doc: PolicyDocument = DEFAULT_POLICIES,
  language = 'en',
  pii?: PiiResult,
): { result: ComplianceResult; evidence: Evidence[]; missing: string[] } {
  const out = complianceAnalyzer.analyze(c, {
    language,
    config: { policies: doc },
    results: pii
      ? { pii: { analyzer: 'pii', version: 't', result: pii, evidence: [], missing: [] } }
      : undefined,
  });
  for (const e of out.evidence) {
    expect(c.messages[e.messageIndex]!.text.slice(e.start, e.end)).toBe(e.quote);
    expect(e.target.kind).toBe('policy');
    expect(e.ruleId).toBe(e.target.key);
    expect(e.ruleVersion).toBe(doc.version);
  }
  for (const v of out.result.violations)
    for (const i of v.evidence) expect(out.evidence[i]!.target.key).toBe(v.ruleId);
  return { result: out.result, evidence: out.evidence, missing: out.missing };
}

const ruleIds = (r: { result: ComplianceResult }) => r.result.violations.map((v) => v.ruleId);
const quotes = (r: { result: ComplianceResult; evidence: Evidence[] }, rule: string) =>
  r.result.violations.find((v) => v.ruleId === rule)?.evidence.map((i) => r.evidence[i]!.quote) ?? [];

// ---- prohibited phrases ----------------------------------------------------------------------------

describe('prohibited phrase', () => {
  const promises = policies({
    key: 'no-guarantees',
    label: 'No guaranteed outcomes',
    kind: 'prohibited_phrase',
    severity: 'medium',
    phrases: ['I guarantee', 'definitely refund', '100% you will get'],
  });

  it.each([
    ['I guarantee the refund will be there tomorrow.', 'I guarantee'],
    ["Don't worry, I can guarantee it arrives Friday", 'I can guarantee'],
    ["You'll definitely get a refund for this.", 'definitely get a refund'],
    ['we will definitely refund you', 'definitely refund'],
    ['the refund definitely goes out today', 'refund definitely'],
    ['100% you will get the money back', '100% you will get'],
    ['yeah so i guarantee you that uh the refund goes out today', 'i guarantee'],
  ])('flags "%s"', (text, quote) => {
    const r = run(conversation([customer('Will I get my money back?'), agent(text)]), promises);
    expect(ruleIds(r)).toEqual(['no-guarantees']);
    expect(quotes(r, 'no-guarantees')).toEqual([quote]);
    expect(r.result.violations[0]).toMatchObject({
      severity: 'medium',
      ruleVersion: '7',
      kind: 'prohibited_phrase',
    });
    expect(r.result.highestSeverity).toBe('medium');
  });

  it.each([
    "I can't guarantee a refund, but I'll ask the team.",
    'I cannot guarantee anything until billing reviews it.',
    "We never guarantee delivery dates, I'm afraid.",
    'Our satisfaction guarantee covers this purchase.',
    "I'm not able to say you will definitely get a refund.",
    'A refund is possible. I will definitely check with the team.',
  ])('does not flag "%s"', (text) => {
    const r = run(conversation([customer('Will I get my money back?'), agent(text)]), promises);
    expect(ruleIds(r)).toEqual([]);
    expect(r.result.rulesChecked).toBe(1);
    expect(r.result.highestSeverity).toBeNull();
  });

  it('checks only the roles it names: a customer saying it is not the agent promising it', () => {
    const c = conversation([
      customer('I guarantee you I paid on time!'),
      agent('Let me check that for you.'),
    ]);
    expect(ruleIds(run(c, promises))).toEqual([]);
    const both = policies({
      key: 'threats',
      label: 'Customer threatens',
      kind: 'prohibited_phrase',
      severity: 'low',
      roles: ['customer'],
      phrases: ['I will sue you'],
    });
    const r = run(conversation([customer("I'll sue you all for this"), agent('I understand.')]), both);
    expect(quotes(r, 'threats')).toEqual(["I'll sue you"]);
  });

  it('an exception phrase in the same sentence excuses a match', () => {
    const doc = policies({
      key: 'no-free',
      label: 'No free offers',
      kind: 'prohibited_phrase',
      severity: 'low',
      phrases: ['free of charge'],
      exceptPhrases: ['delivery'],
    });
    expect(ruleIds(run(conversation([agent('Delivery is free of charge.')]), doc))).toEqual([]);
    expect(ruleIds(run(conversation([agent('The upgrade is free of charge.')]), doc))).toEqual(['no-free']);
  });

  it('matches Latvian inflections, with and without diacritics, and Latvian negation', () => {
    const doc = policies({
      key: 'garantijas',
      label: 'Nekādu garantiju',
      kind: 'prohibited_phrase',
      severity: 'medium',
      phrases: ['es garantēju', 'noteikti atmaksāsim'],
    });
    const lv = (text: string) => run(conversation([customer('Vai naudu atgūšu?'), agent(text)]), doc, 'lv');
    expect(quotes(lv('Es jums garantēju, ka nauda būs rīt.'), 'garantijas')).toEqual(['Es jums garantēju']);
    expect(ruleIds(lv('es garanteju ka nauda bus rit'))).toEqual(['garantijas']);
    expect(ruleIds(lv('Mēs noteikti atmaksāsim visu summu.'))).toEqual(['garantijas']);
    expect(ruleIds(lv('Es to negarantēju, bet pajautāšu kolēģiem.'))).toEqual([]);
    expect(ruleIds(lv('Es nevaru garantēt atmaksu.'))).toEqual([]);
  });
});

// ---- sensitive-data requests -----------------------------------------------------------------------

describe('sensitive-data request (defaults)', () => {
  const rule = 'no-sensitive-data-request';
  it.each([
    ['Can you tell me your PIN?', 'tell me your PIN'],
    ['What is your password for the online bank', 'What is your password'],
    ['Please read me the one-time code we just sent you.', 'read me the one-time code we just sent'],
    ['To proceed I need your full card number and the expiry date.', 'I need your full card number'],
    ['could i get the long card number from the front of the card', 'could i get the long card number'],
    ['ok can you give me the cvv on the back', 'give me the cvv'],
  ])('flags "%s"', (text, quote) => {
    const r = run(conversation([customer('My card was declined'), agent(text)]));
    expect(ruleIds(r)).toEqual([rule]);
    expect(quotes(r, rule)).toEqual([quote]);
    expect(r.result.highestSeverity).toBe('critical');
  });

  it.each([
    'Never share your PIN with anyone, including us.',
    'We will never ask you for your password.',
    "Please don't tell me your card number, just the last four digits.",
    'Can you confirm the last 4 digits of your card number?',
    'You can reset your password from the login page.',
    "I've sent a one-time code to your phone, please enter it in the app.",
    'Your new PIN will arrive by post in five days.',
    'If you forgot your PIN, the app can show it to you.',
    'never share your pin or one time code with anyone who calls you',
  ])('does not flag "%s"', (text) => {
    expect(ruleIds(run(conversation([customer('My card was declined'), agent(text)])))).toEqual([]);
  });

  it('does not flag the customer offering it (that is PII exposure, not a request)', () => {
    expect(
      ruleIds(run(conversation([customer('Can I give you my card number?'), agent('No need.')]))),
    ).toEqual([]);
  });

  it('Latvian: a request is flagged, a warning is not', () => {
    const lv = (text: string) =>
      run(conversation([customer('Karte nestrādā'), agent(text)]), DEFAULT_POLICIES, 'lv');
    expect(quotes(lv('Lūdzu, nosauciet savu PIN kodu.'), rule)).toEqual(['nosauciet savu PIN kodu']);
    expect(ruleIds(lv('Pasakiet, lūdzu, pilno kartes numuru.'))).toEqual([rule]);
    expect(ruleIds(lv('Nekad nevienam nenosauciet savu PIN kodu.'))).toEqual([]);
    expect(ruleIds(lv('Lūdzu, nosauciet kartes pēdējos četrus ciparus.'))).toEqual([]);
  });
});

// ---- required disclosure ---------------------------------------------------------------------------

describe('required disclosure (recording on voice, the default)', () => {
  const rule = 'recording-disclosure';
  const call = (messages: Msg[], extra: Partial<Conversation> = {}) =>
    conversation(messages, { channel: 'voice', ...extra });

  it('is met by the usual wordings, in lower case without punctuation', () => {
    for (const text of [
      'thank you for calling this call is being recorded for quality and training how can i help',
      'Hi, just so you know, calls are recorded. How can I help?',
      'good morning this call may be monitored or recorded',
    ]) {
      const r = run(call([agent(text), customer('hi i have a billing question')]));
      expect(ruleIds(r)).toEqual([]);
    }
  });

  it('is a violation, without evidence, when none of the first agent messages says it', () => {
    const r = run(
      call([
        agent('hello thanks for calling how can i help'),
        customer('hi i want to check my bill'),
        agent('sure let me pull that up'),
        customer('thanks'),
        agent('ok i see the charge'),
        agent('by the way this call is recorded'),
      ]),
    );
    expect(ruleIds(r)).toEqual([rule]);
    expect(r.result.violations[0]!.evidence).toEqual([]);
    expect(r.result.violations[0]!.reason).toMatch(/first 3 messages/);
  });

  it('does not apply on chat, nor to a call with no agent message', () => {
    expect(run(conversation([agent('Hello, how can I help?')])).result.violations).toEqual([]);
    const r = run(call([customer('hello? anyone there?')]));
    expect(ruleIds(r)).toEqual([]);
  });

  it('Latvian wording', () => {
    const r = run(
      call([agent('Labdien, saruna tiek ierakstīta. Kā varu palīdzēt?'), customer('Labdien')]),
      DEFAULT_POLICIES,
      'lv',
    );
    expect(ruleIds(r)).toEqual([]);
    const missing = run(
      call([agent('Labdien, kā varu palīdzēt?'), customer('Labdien')]),
      DEFAULT_POLICIES,
      'lv',
    );
    expect(ruleIds(missing)).toEqual([rule]);
  });
});

// ---- ordered steps ---------------------------------------------------------------------------------

describe('ordered steps (identity before account changes, the default)', () => {
  const rule = 'identity-before-account-change';

  it('flags a change made without verification', () => {
    const r = run(
      conversation([
        customer('Hi, I moved, can you change my address to 12 Elm St?'),
        agent("Sure! I've updated your address to 12 Elm St."),
      ]),
    );
    expect(ruleIds(r)).toEqual([rule]);
    expect(quotes(r, rule)).toEqual(["I've updated your address"]);
    expect(r.result.violations[0]!.reason).toMatch(/without "Identity verified" first/);
  });

  it('flags verification that came only after the change, with both as evidence', () => {
    const r = run(
      conversation([
        customer('please change my email to me@example.com'),
        agent('Done, your email has been changed.'),
        agent('For security reasons, can you also confirm your date of birth?'),
      ]),
    );
    expect(ruleIds(r)).toEqual([rule]);
    expect(quotes(r, rule)).toEqual(['email has been changed', 'security reasons']);
    expect(r.result.violations[0]!.reason).toMatch(/came before/);
  });

  it('does not flag a change after verification, an offered change, or an already verified customer', () => {
    const verifiedFirst = conversation([
      customer('I need to update my phone number'),
      agent('Of course. First, can you verify your identity with your date of birth?'),
      customer('12 March 1985'),
      agent('Thanks. I have updated your phone number.'),
    ]);
    expect(ruleIds(run(verifiedFirst))).toEqual([]);
    const offered = conversation([
      customer('I need to update my phone number'),
      agent('I can update your phone number once you verify your identity.'),
    ]);
    expect(ruleIds(run(offered))).toEqual([]);
    const platformVerified = conversation(
      [customer('change my password please'), agent('I reset your password, check your inbox.')],
      { metadata: { auth: { verified: true } } },
    );
    expect(ruleIds(run(platformVerified))).toEqual([]);
  });

  it('voice: lower case, no punctuation', () => {
    const r = run(
      conversation(
        [
          customer('hi yeah i need to add a new payee to my account'),
          agent('okay no problem the new payee has been added is there anything else'),
        ],
        { channel: 'voice' },
      ),
    );
    expect(ruleIds(r)).toContain(rule);
  });

  it('Latvian: a change before verification', () => {
    const r = run(
      conversation([customer('Lūdzu, nomainiet manu adresi'), agent('Jā, adrese ir nomainīta.')]),
      DEFAULT_POLICIES,
      'lv',
    );
    expect(ruleIds(r)).toEqual([rule]);
    const ok = run(
      conversation([
        customer('Lūdzu, nomainiet manu adresi'),
        agent('Lūdzu, nosauciet savu dzimšanas datumu, lai pārbaudītu identitāti.'),
        customer('1985. gada 12. marts'),
        agent('Paldies, adrese ir nomainīta.'),
      ]),
      DEFAULT_POLICIES,
      'lv',
    );
    expect(ruleIds(ok)).toEqual([]);
  });

  it('works for any steps a policy names (an ABCD-shaped sequence)', () => {
    const doc = policies({
      key: 'refund-flow',
      label: 'Pull up the account before offering a refund',
      kind: 'ordered_steps',
      severity: 'low',
      steps: [
        {
          key: 'pull-up-account',
          label: 'Account pulled up',
          phrases: ['pull up your account', 'found your account'],
        },
        {
          key: 'offer-refund',
          label: 'Refund offered',
          phrases: ['refund has been issued', 'issued a refund'],
        },
      ],
    });
    const bad = conversation([customer('I want my money back'), agent('I issued a refund to your card.')]);
    expect(ruleIds(run(bad, doc))).toEqual(['refund-flow']);
    const good = conversation([
      customer('I want my money back'),
      agent('Let me pull up your account.'),
      agent('OK, I issued a refund to your card.'),
    ]);
    expect(ruleIds(run(good, doc))).toEqual([]);
  });
});

// ---- PII exposure ----------------------------------------------------------------------------------

describe('pii exposure (card number typed by the customer, the default)', () => {
  const rule = 'card-number-in-chat';
  const text = 'my card is 4111 1111 1111 1111 and it was charged twice';
  const pii = (role: 'customer' | 'agent', type: 'credit_card' | 'email' = 'credit_card'): PiiResult => ({
    finds: [{ type, messageIndex: 0, start: 11, end: 30, role, masked: false }],
    counts: { [type]: 1 },
  });

  it('flags a card number the customer typed into chat, quoting the find', () => {
    const r = run(
      conversation([customer(text), agent('Please do not post card numbers here.')]),
      DEFAULT_POLICIES,
      'en',
      pii('customer'),
    );
    expect(ruleIds(r)).toEqual([rule]);
    expect(quotes(r, rule)).toEqual(['4111 1111 1111 1111']);
    expect(r.evidence[0]!.signal).toBe('credit_card');
    expect(r.result.highestSeverity).toBe('high');
  });

  it('not on voice, not for other types, not for the agent', () => {
    const voice = conversation([customer(text)], { channel: 'voice' });
    expect(ruleIds(run(voice, DEFAULT_POLICIES, 'en', pii('customer')))).not.toContain(rule);
    expect(
      ruleIds(run(conversation([customer(text)]), DEFAULT_POLICIES, 'en', pii('customer', 'email'))),
    ).toEqual([]);
    expect(
      ruleIds(run(conversation([{ role: 'agent', text }]), DEFAULT_POLICIES, 'en', pii('agent'))),
    ).toEqual([]);
  });

  it('counts a masked card too (the customer still typed it), and says when scores.pii is missing', () => {
    const masked: PiiResult = {
      finds: [{ type: 'credit_card', messageIndex: 0, start: 11, end: 30, role: 'customer', masked: true }],
      counts: { credit_card: 1 },
    };
    expect(ruleIds(run(conversation([customer(text)]), DEFAULT_POLICIES, 'en', masked))).toEqual([rule]);
    const without = run(conversation([customer(text)]));
    expect(ruleIds(without)).toEqual([]);
    expect(without.missing).toEqual(['scores.pii']);
  });
});

// ---- rule scope and the document -------------------------------------------------------------------

describe('rule scope', () => {
  const doc = (extra: Partial<PolicyRuleInput>) =>
    policies({
      key: 'r',
      label: 'R',
      kind: 'prohibited_phrase',
      severity: 'low',
      phrases: ['i guarantee'],
      ...extra,
    } as PolicyRuleInput);
  const c = conversation([agent('I guarantee it.')], { team: 'billing' });

  it('applies by channel, team and language; a disabled rule is not checked', () => {
    expect(ruleIds(run(c, doc({ channels: ['chat'] })))).toEqual(['r']);
    expect(run(c, doc({ channels: ['voice'] })).result.rulesChecked).toBe(0);
    expect(ruleIds(run(c, doc({ teams: ['billing'] })))).toEqual(['r']);
    expect(ruleIds(run(c, doc({ teams: ['sales'] })))).toEqual([]);
    expect(ruleIds(run(c, doc({ languages: ['lv'] })))).toEqual([]);
    expect(run(c, doc({ enabled: false })).result.rulesChecked).toBe(0);
  });

  it('the schema names a bad field', () => {
    const bad = policyDocumentSchema.safeParse({
      version: '1',
      rules: [{ key: 'x', label: 'X', kind: 'prohibited_phrase', severity: 'urgent', phrases: [] }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['rules.0.severity', 'rules.0.phrases']));
  });

  it('the shipped defaults are valid and cover every rule kind', () => {
    expect(new Set(DEFAULT_POLICIES.rules.map((r) => r.kind))).toEqual(
      new Set([
        'ordered_steps',
        'prohibited_phrase',
        'sensitive_data_request',
        'required_disclosure',
        'pii_exposure',
      ]),
    );
  });
});
