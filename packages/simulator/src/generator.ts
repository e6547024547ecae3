import type { Channel, ConversationInput, MessageRole } from '@vigil/contracts';
import type { Incident } from './incidents';
import { emptyPhraseSources, type PhraseSources } from './datasets';
import {
  AGENT_LINES,
  BOT_LINES,
  COMPANY_NAMES,
  CUSTOMER_LINES,
  EMAIL_SIGN_OFFS,
  CAMPAIGN_SCRIPTS,
  FIRST_NAMES,
  FRAUD_LINES,
  TEAM_DETAILS,
  TEAM_PROBES,
  VERIFY_PAIRS,
  LAST_INITIALS,
  MONTHS,
  SURNAMES,
  VOICE_FILLERS,
  RECORDING_NOTICES,
} from './phrase-bank';
import { Random, type Weighted } from './random';
import {
  TEAM_WEIGHTS,
  TEAMS,
  TOPICS,
  TOPICS_BY_ID,
  topicsOfTeam,
  type Team,
  type TopicDefinition,
} from './topics';

/**
 * Generates realistic finished conversations in the ingest contract. Pure apart from its seeded
 * random state: the same seed and the same sequence of calls give the same conversations (only
 * `runId` and `now` change the ids and the timestamps).
 */

export type Mood = 'angry' | 'frustrated' | 'neutral' | 'happy';
export type Outcome = 'resolved' | 'unresolved' | 'escalated' | 'retained' | 'refused';

export interface SimulatedAgent {
  id: string;
  name: string;
  kind: 'human' | 'ai';
}

export interface GeneratorOptions {
  seed: string | number;
  /** Makes external ids unique across runs with the same seed. Defaults to the current time. */
  runId?: string;
  /** The `source` of every conversation. */
  source?: string;
  /** Data-set phrasing (see datasets.ts); the built-in bank is used alone without it. */
  phrases?: PhraseSources;
  /** Size of the customer pool. */
  customers?: number;
}

export interface GenerateOptions {
  /** endedAt (epoch ms); defaults to Date.now(). */
  now?: number;
  /** The incident running now: a sentiment drop affects its team's conversations. */
  incident?: Incident;
  /** This conversation is the incident's extra traffic (a surge's topic, a fraud campaign's caller). */
  incidentTraffic?: boolean;
  /** The external id to give it (its slot on the simulator's timeline, see timeline.ts); default: runId and count. */
  externalId?: string;
  team?: Team;
  topicId?: string;
  channel?: Channel;
}

/** Ground truth the generator attaches under `metadata.simulation`, for checking analyzers by eye. */
export interface SimulationTruth {
  topic: string;
  startMood: Mood;
  endMood: Mood;
  outcome: Outcome;
  escalationRequested: boolean;
  churnThreat: boolean;
  incident?: string;
  /** Injected fraud: which kind, so evaluation can tell it from ordinary traffic. */
  fraud?: 'campaign' | 'account-takeover' | 'ai-jailbreak' | 'caller' | 'prompt-injection';
}

const CHANNEL_WEIGHTS: Weighted<Channel> = [
  ['chat', 35],
  ['voice', 20],
  ['email', 15],
  ['messaging', 12],
  ['social', 10],
  ['sms', 8],
];

/** Share of conversations an AI agent handles, per channel. */
const AI_SHARE: Record<Channel, number> = {
  chat: 0.3,
  messaging: 0.3,
  social: 0.2,
  email: 0.2,
  sms: 0.2,
  voice: 0.1,
};

/** Median seconds between messages, per channel (log-normal around it). */
const GAP_SECONDS: Record<Channel, number> = {
  chat: 25,
  messaging: 45,
  voice: 9,
  sms: 90,
  social: 600,
  email: 5400,
};

const TEAM_CODES: Record<Team, string> = {
  billing: 'bil',
  'tech-support': 'tec',
  accounts: 'acc',
  sales: 'sal',
  retention: 'ret',
};

const AI_NAMES = ['Nova', 'Atlas', 'Iris', 'Echo', 'Sage'];

interface Turn {
  role: MessageRole;
  text: string;
  authorId?: string;
  /** Extra seconds of silence after this turn (hold, transfer). */
  pauseAfter?: number;
}

interface Context {
  rng: Random;
  channel: Channel;
  company: string;
  customerName: string;
  agent: SimulatedAgent;
  topic: TopicDefinition;
  fill: (template: string) => string;
}

export function luhnCheckDigit(partial: string): number {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

export class ConversationGenerator {
  readonly runId: string;
  readonly source: string;
  private readonly rng: Random;
  private readonly phrases: PhraseSources;
  private readonly customers: number;
  private readonly rosters = new Map<
    Team,
    { humans: SimulatedAgent[]; ai: SimulatedAgent; lead: SimulatedAgent }
  >();
  private seq = 0;

  constructor(options: GeneratorOptions) {
    this.rng = new Random(options.seed);
    this.runId = options.runId ?? Date.now().toString(36);
    this.source = options.source ?? 'simulator';
    this.phrases = options.phrases ?? emptyPhraseSources();
    this.customers = options.customers ?? 20_000;
    // Rosters come from their own stream so they do not depend on how many conversations were made.
    const roster = new Random(`${options.seed}:roster`);
    TEAMS.forEach((team, t) => {
      const humans: SimulatedAgent[] = [];
      for (let i = 1; i <= 6; i++) {
        const name = `${roster.pick(FIRST_NAMES)} ${roster.pick([...LAST_INITIALS])}.`;
        humans.push({ id: `a-${TEAM_CODES[team]}-${String(i).padStart(2, '0')}`, name, kind: 'human' });
      }
      const ai: SimulatedAgent = { id: `ai-${TEAM_CODES[team]}`, name: `${AI_NAMES[t]} (AI)`, kind: 'ai' };
      const lead: SimulatedAgent = {
        id: `a-${TEAM_CODES[team]}-lead`,
        name: `${roster.pick(FIRST_NAMES)} ${roster.pick([...LAST_INITIALS])}.`,
        kind: 'human',
      };
      this.rosters.set(team, { humans, ai, lead });
    });
  }

  /** How many conversations this generator made. */
  get count(): number {
    return this.seq;
  }

  /** Every agent the generator can use, by team. */
  agents(): Array<SimulatedAgent & { team: Team }> {
    return [...this.rosters.entries()].flatMap(([team, r]) =>
      [...r.humans, r.ai, r.lead].map((a) => ({ ...a, team })),
    );
  }

  next(options: GenerateOptions = {}): ConversationInput {
    const rng = this.rng;
    const now = options.now ?? Date.now();
    const seq = ++this.seq;
    const incident = options.incident;
    const incidentTraffic = Boolean(options.incidentTraffic && incident);
    const fraudChance = rng.chance(0.004);
    const fraud = incidentTraffic
      ? incident!.kind === 'fraud-campaign'
      : fraudChance && !options.team && !options.topicId && !options.channel;
    const takeover = incidentTraffic && incident!.kind === 'account-takeover';
    const jailbreak = incidentTraffic && incident!.kind === 'ai-jailbreak';

    let topic: TopicDefinition;
    if (options.topicId) topic = TOPICS_BY_ID.get(options.topicId) ?? rng.pick(TOPICS);
    else if (incidentTraffic && incident!.topicId) topic = TOPICS_BY_ID.get(incident!.topicId)!;
    else if (fraud) topic = TOPICS_BY_ID.get('personal-details')!;
    else {
      const team = options.team ?? rng.weighted(TEAM_WEIGHTS);
      topic = rng.weighted(topicsOfTeam(team).map((t) => [t, t.weight] as const));
    }
    const team = topic.team;
    const channel: Channel =
      options.channel ?? (fraud ? 'voice' : takeover || jailbreak ? 'chat' : rng.weighted(CHANNEL_WEIGHTS));
    const roster = this.rosters.get(team)!;
    const agent = jailbreak
      ? roster.ai
      : !fraud && !takeover && rng.chance(AI_SHARE[channel])
        ? roster.ai
        : rng.pick(roster.humans);
    const company = rng.pick(COMPANY_NAMES);
    const customerName = rng.pick(FIRST_NAMES);
    const customerNo = rng.int(1, this.customers);

    const dropped = incident?.kind === 'sentiment-drop' && incident.team === team;
    const surge = incidentTraffic && incident?.kind === 'topic-surge';
    const startMood = this.pickMood(topic, dropped || surge);
    const outcome = fraud || takeover || jailbreak ? 'refused' : this.pickOutcome(topic, startMood, dropped);

    const email = `${customerName.toLowerCase()}.${customerNo}@example.com`;
    const phone = `+3712${rng.digits(7)}`;
    const ref = `${rng.pick(['TX', 'ORD', 'CASE'])}-${rng.digits(6)}`;
    const last4 = rng.digits(4);
    const surname = rng.pick(SURNAMES);
    const dob = `${rng.int(1, 28)} ${rng.pick(MONTHS)} ${rng.int(1950, 2005)}`;
    const postcode = `${rng.int(10, 99)}${rng.digits(3)}`;
    const fill = (template: string): string =>
      template.replace(/\{(\w+)\}/g, (whole, key: string) => {
        switch (key) {
          case 'name':
            return customerName;
          case 'agent':
            return agent.name.replace(' (AI)', '');
          case 'company':
            return company;
          case 'minutes':
            return String(rng.int(2, 6));
          case 'team':
            return team;
          case 'ref':
            return ref;
          case 'email':
            return email;
          case 'phone':
            return phone;
          case 'last4':
            return last4;
          case 'surname':
            return surname;
          case 'dob':
            return dob;
          case 'postcode':
            return postcode;
          default:
            return whole;
        }
      });
    const ctx: Context = { rng, channel, company, customerName, agent, topic, fill };

    const target = this.pickLength(channel);
    const truth: SimulationTruth = {
      topic: topic.id,
      startMood,
      endMood: startMood,
      outcome,
      escalationRequested: false,
      churnThreat: topic.id === 'cancel-account',
    };
    const agents: SimulatedAgent[] = [agent];
    let turns: Turn[];
    if (fraud && incidentTraffic && incident!.kind === 'fraud-campaign') {
      turns = this.campaignTurns(ctx, incident!.index);
    } else if (fraud) {
      turns = this.fraudTurns(ctx, target);
    } else if (takeover || jailbreak) {
      turns = this.scriptTurns(ctx, target, takeover ? FRAUD_LINES.takeover : FRAUD_LINES.jailbreak);
    } else {
      turns = this.conversationTurns(ctx, target, startMood, outcome, truth, agents, roster.lead);
      // 3% of customers paste a full card number: PII the compliance analyzer should catch and mask.
      if (rng.chance(0.03)) {
        const partial = `4${rng.digits(14)}`;
        const card = `${partial}${luhnCheckDigit(partial)}`.replace(/(\d{4})(?=\d)/g, '$1 ');
        const customerTurns = turns.filter((t) => t.role === 'customer');
        const target = customerTurns[1] ?? customerTurns[0];
        if (target) target.text = `${target.text} My card number is ${card}.`;
      }
      if (agent.kind === 'ai' && turns.length < 30 && rng.chance(0.01)) {
        turns.splice(Math.min(2, turns.length - 1), 0, {
          role: 'customer',
          text: rng.pick(FRAUD_LINES.promptInjection),
        });
        truth.fraud = 'prompt-injection';
      }
    }
    if (channel === 'email') turns = this.asEmail(turns, ctx, agents);
    else if (channel === 'voice') turns = this.asVoice(turns, rng);

    const { messages, startedAt } = this.timestamps(turns, channel, now);
    const metadata: Record<string, unknown> = {};
    const csat = this.pickCsat(outcome, startMood);
    if (csat !== undefined && channel !== 'voice' && rng.chance(0.35)) metadata.csat = csat;
    else if (csat !== undefined && channel === 'voice' && rng.chance(0.15)) metadata.csat = csat;
    if (channel === 'voice') {
      metadata.voice = fraud
        ? { syntheticSpeechScore: round2(rng.float(0.78, 0.98)), livenessScore: round2(rng.float(0.03, 0.3)) }
        : {
            syntheticSpeechScore: round2(rng.float(0.01, 0.15)),
            livenessScore: round2(rng.float(0.82, 0.99)),
          };
    }
    if (fraud && incidentTraffic && incident!.campaign) metadata.contact = { ...incident!.campaign };
    else if (fraud)
      metadata.contact = { phone: `+4470${rng.digits(8)}`, ip: `198.51.100.${rng.int(2, 254)}` };
    else if (rng.chance(0.6)) {
      metadata.contact =
        channel === 'voice' || channel === 'sms'
          ? { phone }
          : { ip: `203.0.113.${(customerNo % 250) + 2}`, deviceId: `d-${(customerNo * 7919) % 1_000_000}` };
    }
    if (fraud) metadata.auth = { verified: false, failedAttempts: rng.int(1, 3) };
    else if (takeover)
      metadata.auth = rng.chance(0.5)
        ? { verified: false, failedAttempts: rng.int(1, 3) }
        : { skipped: true };
    else if (turns.some((t) => t.role === 'agent' && AGENT_LINES.verified.some((v) => t.text.includes(v))))
      metadata.auth = { verified: true, failedAttempts: rng.chance(0.1) ? 1 : 0 };
    if (rng.chance(0.3)) metadata.tags = [topic.id];
    if (incident && (incidentTraffic || dropped)) truth.incident = incident.id;
    if (fraud) truth.fraud = incidentTraffic ? 'campaign' : 'caller';
    else if (takeover) truth.fraud = 'account-takeover';
    else if (jailbreak) truth.fraud = 'ai-jailbreak';
    metadata.simulation = truth;

    return {
      externalId: options.externalId ?? `sim-${this.runId}-${seq}`,
      source: this.source,
      channel,
      language: 'en',
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(now).toISOString(),
      team,
      agents: agents.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
      customer: fraud
        ? { id: `c-${rng.int(1, this.customers)}`, accountId: `acct-${rng.int(1, this.customers)}` }
        : { id: `c-${customerNo}`, accountId: `acct-${customerNo}` },
      messages,
      metadata,
    };
  }

  private pickMood(topic: TopicDefinition, negative: boolean): Mood {
    const rng = this.rng;
    if (negative)
      return rng.weighted<Mood>([
        ['angry', 65],
        ['frustrated', 30],
        ['neutral', 5],
      ]);
    if (topic.complaint)
      return rng.weighted<Mood>([
        ['angry', 20],
        ['frustrated', 30],
        ['neutral', 42],
        ['happy', 8],
      ]);
    return rng.weighted<Mood>([
      ['angry', 6],
      ['frustrated', 14],
      ['neutral', 60],
      ['happy', 20],
    ]);
  }

  private pickOutcome(topic: TopicDefinition, mood: Mood, dropped: boolean): Outcome {
    const rng = this.rng;
    if (topic.id === 'cancel-account')
      return rng.weighted<Outcome>([
        ['retained', 40],
        ['unresolved', 40],
        ['resolved', 20],
      ]);
    if (dropped)
      return rng.weighted<Outcome>([
        ['resolved', 30],
        ['unresolved', 50],
        ['escalated', 20],
      ]);
    const escalate = mood === 'angry' ? 15 : 5;
    return rng.weighted<Outcome>([
      ['resolved', 72],
      ['unresolved', 18],
      ['escalated', escalate],
    ]);
  }

  /** 3–30 messages, about 15 in a chat; e-mail threads and social posts are shorter. */
  private pickLength(channel: Channel): number {
    const rng = this.rng;
    switch (channel) {
      case 'email':
        return clamp(Math.round(rng.normal(6, 2)), 3, 12);
      case 'social':
        return clamp(Math.round(rng.normal(8, 3)), 3, 16);
      case 'sms':
        return clamp(Math.round(rng.normal(10, 3)), 3, 20);
      case 'voice':
        return clamp(Math.round(rng.normal(18, 5)), 5, 30);
      default:
        return clamp(Math.round(rng.normal(15, 5)), 3, 30);
    }
  }

  private pickCsat(outcome: Outcome, mood: Mood): number | undefined {
    const rng = this.rng;
    switch (outcome) {
      case 'resolved':
      case 'retained':
        return mood === 'angry'
          ? rng.weighted([
              [5, 20],
              [4, 40],
              [3, 30],
              [2, 10],
            ])
          : rng.weighted([
              [5, 55],
              [4, 30],
              [3, 10],
              [2, 3],
              [1, 2],
            ]);
      case 'escalated':
        return rng.weighted([
          [4, 15],
          [3, 35],
          [2, 30],
          [1, 20],
        ]);
      case 'unresolved':
        return rng.weighted([
          [4, 5],
          [3, 15],
          [2, 35],
          [1, 45],
        ]);
      default:
        return undefined;
    }
  }

  private opening(ctx: Context, mood: Mood): string {
    const { rng, topic } = ctx;
    const fromData = this.phrases.openings.get(topic.id);
    const base = fromData?.length && rng.chance(0.85) ? rng.pick(fromData) : rng.pick(topic.openings);
    const sentence = /[.!?]$/.test(base) ? base : `${base}${mood === 'angry' ? '!' : '.'}`;
    switch (mood) {
      case 'angry':
        return `${rng.pick(CUSTOMER_LINES.angryPrefix)} ${sentence} ${rng.pick(CUSTOMER_LINES.angrySuffix)}`;
      case 'frustrated':
        return `${rng.pick(CUSTOMER_LINES.frustratedPrefix)} ${sentence}`;
      default: {
        // An e-mail gets its salutation from asEmail; a second "Hi," would read oddly.
        if (ctx.channel === 'email') return sentence;
        const prefix = rng.pick(mood === 'happy' ? CUSTOMER_LINES.happyPrefix : CUSTOMER_LINES.neutralPrefix);
        return `${prefix} ${sentence}`.trim();
      }
    }
  }

  private customerFollowUp(ctx: Context, mood: Mood, answeringProbe: boolean): string {
    const { rng } = ctx;
    const team = ctx.topic.team;
    switch (mood) {
      case 'angry':
        return rng.pick(CUSTOMER_LINES.angryFollowUp);
      case 'frustrated':
        return answeringProbe && rng.chance(0.5)
          ? rng.pick(TEAM_DETAILS[team] ?? CUSTOMER_LINES.details)
          : rng.pick(CUSTOMER_LINES.frustratedFollowUp);
      default: {
        if (answeringProbe) return rng.pick(TEAM_DETAILS[team] ?? CUSTOMER_LINES.details);
        const extra = this.phrases.followUps.get(team);
        if (extra?.length && rng.chance(0.3)) return rng.pick(extra);
        return rng.chance(0.2) ? rng.pick(CUSTOMER_LINES.details) : rng.pick(CUSTOMER_LINES.neutralFollowUp);
      }
    }
  }

  private conversationTurns(
    ctx: Context,
    target: number,
    startMood: Mood,
    outcome: Outcome,
    truth: SimulationTruth,
    agents: SimulatedAgent[],
    lead: SimulatedAgent,
  ): Turn[] {
    const { rng, agent, fill, channel } = ctx;
    const a = (text: string, pauseAfter?: number): Turn => ({
      role: 'agent',
      authorId: agent.id,
      text: fill(text),
      pauseAfter,
    });
    const c = (text: string): Turn => ({ role: 'customer', text: fill(text) });
    const writesFirst = channel === 'email' || channel === 'social' || channel === 'sms';
    const negative = startMood === 'angry' || startMood === 'frustrated';
    const probes = [...(TEAM_PROBES[ctx.topic.team] ?? []), ...AGENT_LINES.probe];

    // The ending: how the agent answers and how the customer reacts. Always present.
    const ending: Turn[] = [];
    let endMood: Mood = startMood;
    if (outcome === 'resolved') {
      ending.push(a(`${rng.pick(AGENT_LINES.resolvedPrefix)} ${rng.pick(ctx.topic.resolution)}`));
      ending.push(
        c(rng.pick(startMood === 'angry' ? CUSTOMER_LINES.satisfiedAfterAnger : CUSTOMER_LINES.grateful)),
      );
      endMood = 'happy';
    } else if (outcome === 'retained') {
      ending.push(a(rng.pick(AGENT_LINES.retentionOffer)));
      ending.push(c(rng.pick(CUSTOMER_LINES.stayAfterOffer)));
      endMood = 'neutral';
    } else if (outcome === 'escalated') {
      truth.escalationRequested = true;
      ending.push(a(rng.pick(AGENT_LINES.cannotResolve)));
      ending.push(c(rng.pick(CUSTOMER_LINES.escalation)));
      const transfer = channel === 'chat' || channel === 'messaging' || channel === 'voice';
      ending.push(a(rng.pick(AGENT_LINES.offerEscalation), transfer ? rng.int(60, 300) : undefined));
      if (transfer) {
        agents.push(lead);
        ending.push({ role: 'system', text: `Agent ${lead.name} joined the conversation.` });
        ending.push({
          role: 'agent',
          authorId: lead.id,
          text: `Hi ${ctx.customerName}, this is ${lead.name}, the team lead. I have read through your conversation and ${rng.pick(ctx.topic.resolution)}`,
        });
        ending.push(c(rng.pick(CUSTOMER_LINES.calming)));
        endMood = 'neutral';
      } else {
        ending.push(c(rng.pick(CUSTOMER_LINES.unresolvedGoodbye)));
        endMood = 'frustrated';
      }
    } else {
      ending.push(a(rng.pick(AGENT_LINES.cannotResolve)));
      if (rng.chance(0.35) || ctx.topic.id === 'cancel-account') {
        truth.churnThreat = true;
        ending.push(c(rng.pick(CUSTOMER_LINES.churn)));
        ending.push(a(rng.pick(AGENT_LINES.empathy)));
      }
      if (rng.chance(0.4)) {
        truth.escalationRequested = true;
        ending.push(c(rng.pick(CUSTOMER_LINES.escalation)));
        ending.push(a(rng.pick(AGENT_LINES.offerEscalation)));
      }
      ending.push(c(rng.pick(CUSTOMER_LINES.unresolvedGoodbye)));
      endMood = startMood === 'angry' ? 'angry' : 'frustrated';
    }
    truth.endMood = endMood;

    // Optional parts, added by priority while they fit the target length.
    const opening = [c(this.opening(ctx, startMood))];
    let used = opening.length + ending.length;
    const take = (part: Turn[]): Turn[] => {
      if (part.length && used + part.length <= target) {
        used += part.length;
        return part;
      }
      return [];
    };
    const greeting = take(
      writesFirst ? [] : [a(rng.pick(agent.kind === 'ai' ? AGENT_LINES.aiGreeting : AGENT_LINES.greeting))],
    );
    // First reply: empathy or acknowledgement, with the identity check when the agent does one (a
    // quarter of agents skip it, which the QA scorecard should notice).
    const reply = rng.pick(negative ? AGENT_LINES.empathy : AGENT_LINES.acknowledge);
    const pair = rng.chance(0.75) ? rng.pick(VERIFY_PAIRS) : undefined;
    const verify = pair ? take([a(`${reply} ${pair[0]}`), c(pair[1])]) : [];
    const firstReply = verify.length ? [] : take([a(`${reply} ${rng.pick(probes)}`)]);
    const closing = take(
      outcome === 'resolved' || outcome === 'retained'
        ? [
            a(rng.pick(AGENT_LINES.anythingElse)),
            c(rng.pick(CUSTOMER_LINES.nothingElse)),
            a(rng.pick(AGENT_LINES.closing)),
          ]
        : rng.chance(0.6)
          ? [a(rng.pick(AGENT_LINES.closing))]
          : [],
    );
    const bot = take(
      (channel === 'chat' || channel === 'messaging') && agent.kind === 'human' && rng.chance(0.3)
        ? [{ role: 'bot', text: fill(rng.pick(BOT_LINES)) }]
        : [],
    );

    // The middle: the agent investigates while the customer's mood moves towards the ending.
    // Turns alternate; the middle starts after the last speaker and hands over to the ending's first.
    const before = [...bot, ...greeting, ...opening, ...verify, ...firstReply];
    let count = Math.max(0, target - used);
    let role: 'agent' | 'customer' = before[before.length - 1]!.role === 'agent' ? 'customer' : 'agent';
    const lastRole = count % 2 === 1 ? role : role === 'agent' ? 'customer' : 'agent';
    if (count > 0 && lastRole === ending[0]!.role) count--;
    // Nothing in between and the same speaker on both sides: let the other one say something.
    else if (count === 0 && before[before.length - 1]!.role === ending[0]!.role) count = 1;
    const middle: Turn[] = [];
    let mood: Mood = startMood === 'happy' ? 'neutral' : startMood;
    let lastAgentProbed = !verify.length && firstReply.length > 0;
    if (verify.length && count > 0 && role === 'agent') {
      middle.push(a(`${rng.pick(AGENT_LINES.verified)} ${rng.pick(probes)}`));
      lastAgentProbed = true;
      role = 'customer';
    }
    for (let i = middle.length; i < count; i++) {
      const progress = count <= 1 ? 1 : i / (count - 1);
      if (role === 'agent') {
        const pool = rng.weighted<readonly string[]>([
          [AGENT_LINES.hold, 3],
          [AGENT_LINES.explain, 3],
          [probes, 2],
        ]);
        lastAgentProbed = pool === probes;
        middle.push(a(rng.pick(pool), pool === AGENT_LINES.hold ? rng.int(30, 240) : undefined));
        role = 'customer';
        continue;
      }
      role = 'agent';
      // The customer's mood drifts: towards calm when it will be resolved, towards frustration when not.
      if (outcome === 'resolved' || outcome === 'retained') {
        if (mood === 'angry' && progress > 0.4) mood = 'frustrated';
        else if (mood === 'frustrated' && progress > 0.6) mood = 'neutral';
        const calmed = mood === 'neutral' && startMood !== 'neutral' && startMood !== 'happy';
        middle.push(
          c(
            calmed && !lastAgentProbed
              ? rng.pick(CUSTOMER_LINES.calming)
              : this.customerFollowUp(ctx, mood, lastAgentProbed),
          ),
        );
      } else {
        if (mood === 'neutral' && progress > 0.3) mood = 'frustrated';
        else if (mood === 'frustrated' && progress > 0.75 && rng.chance(0.5)) mood = 'angry';
        if (mood === 'angry' && !truth.churnThreat && rng.chance(0.15)) {
          truth.churnThreat = true;
          middle.push(c(rng.pick(CUSTOMER_LINES.churn)));
        } else middle.push(c(this.customerFollowUp(ctx, mood, lastAgentProbed)));
      }
    }
    // An angry customer may demand a manager even when the agent then solves it.
    if (startMood === 'angry' && outcome === 'resolved' && rng.chance(0.2)) {
      const at = middle.findIndex((t) => t.role === 'customer');
      if (at >= 0) {
        truth.escalationRequested = true;
        middle[at] = c(rng.pick(CUSTOMER_LINES.escalation));
      }
    }

    return [...before, ...middle, ...ending, ...closing];
  }

  /** A fraud-campaign caller: the incident's script, with this caller's name, amount and number. */
  private campaignTurns(ctx: Context, incidentIndex: number): Turn[] {
    const { rng, agent, fill } = ctx;
    const script = CAMPAIGN_SCRIPTS[incidentIndex % CAMPAIGN_SCRIPTS.length]!;
    const caller = `${rng.pick(FIRST_NAMES)} ${rng.pick(FIRST_NAMES)}son`;
    const amount = `€${rng.int(900, 9900)}.${rng.digits(2)}`;
    const digits = rng.digits(8);
    const a = (text: string): Turn => ({ role: 'agent', authorId: agent.id, text: fill(text) });
    const turns: Turn[] = [a(rng.pick(AGENT_LINES.greeting))];
    for (const line of script) {
      turns.push({
        role: 'customer',
        text: line.replace('{caller}', caller).replace('{amount}', amount).replace('{digits}', digits),
      });
      turns.push(a(rng.chance(0.5) ? rng.pick(VERIFY_PAIRS)[0] : rng.pick(FRAUD_LINES.agentRefusal)));
    }
    return turns;
  }

  private fraudTurns(ctx: Context, target: number): Turn[] {
    const { rng, agent, fill } = ctx;
    const a = (text: string): Turn => ({ role: 'agent', authorId: agent.id, text: fill(text) });
    const c = (text: string): Turn => ({ role: 'customer', text });
    const turns: Turn[] = [
      a(rng.pick(AGENT_LINES.greeting)),
      c(rng.pick(FRAUD_LINES.opening)),
      a(rng.pick(VERIFY_PAIRS)[0]),
      c(rng.pick(FRAUD_LINES.failedCheck)),
    ];
    while (turns.length < Math.min(target, 12) - 1) {
      turns.push(a(rng.chance(0.5) ? rng.pick(VERIFY_PAIRS)[0] : rng.pick(FRAUD_LINES.agentRefusal)));
      turns.push(c(rng.pick(FRAUD_LINES.pressure)));
    }
    turns.push(a(rng.pick(FRAUD_LINES.agentRefusal)));
    return turns;
  }

  /** An injected script (account takeover, jailbreak): the customer's lines, the agent refusing. */
  private scriptTurns(ctx: Context, target: number, lines: readonly string[]): Turn[] {
    const { rng, agent, fill } = ctx;
    const a = (text: string): Turn => ({ role: 'agent', authorId: agent.id, text: fill(text) });
    const turns: Turn[] = [a(rng.pick(AGENT_LINES.greeting))];
    while (turns.length < Math.max(4, Math.min(target, 10)) - 1) {
      turns.push({ role: 'customer', text: rng.pick(lines) });
      turns.push(a(rng.pick(FRAUD_LINES.agentRefusal)));
    }
    return turns;
  }

  /** E-mails carry a salutation and a signature; the customer writes first. */
  private asEmail(turns: Turn[], ctx: Context, agents: SimulatedAgent[]): Turn[] {
    const { rng, customerName, company } = ctx;
    const byId = new Map(agents.map((a) => [a.id, a]));
    return turns
      .filter((t) => t.role === 'customer' || t.role === 'agent')
      .map((t) => {
        if (t.role === 'customer')
          return { ...t, text: `Hi,\n\n${t.text}\n\n${rng.pick(EMAIL_SIGN_OFFS)}\n${customerName}` };
        const author = byId.get(t.authorId ?? '')?.name ?? 'Support';
        return {
          ...t,
          text: `Hello ${customerName},\n\n${t.text}\n\n${rng.pick(EMAIL_SIGN_OFFS)}\n${author}, ${company}`,
        };
      });
  }

  /** A transcript: some filler words on the customer's side. */
  private asVoice(turns: Turn[], rng: Random): Turn[] {
    // Most agents open a call with the recording notice the default policies require; some forget.
    const disclose = rng.chance(0.9);
    const firstAgent = turns.findIndex((t) => t.role === 'agent');
    return turns.map((t, i) =>
      t.role === 'customer' && rng.chance(0.3)
        ? { ...t, text: `${rng.pick(VOICE_FILLERS)} ${t.text.charAt(0).toLowerCase()}${t.text.slice(1)}` }
        : i === firstAgent && disclose
          ? { ...t, text: `${t.text} ${rng.pick(RECORDING_NOTICES)}` }
          : t,
    );
  }

  /** Gaps between messages; the last message lands just before `now` (= endedAt). */
  private timestamps(
    turns: Turn[],
    channel: Channel,
    now: number,
  ): { messages: ConversationInput['messages']; startedAt: number } {
    const rng = this.rng;
    const median = GAP_SECONDS[channel];
    const gaps = turns.map((_turn, i) => {
      if (i === 0) return 0;
      const seconds = clamp(rng.logNormal(median, 0.6), 1, median * 8) + (turns[i - 1]!.pauseAfter ?? 0);
      return Math.round(seconds * 1000);
    });
    const tail = rng.int(1000, 5000);
    const total = gaps.reduce((s, g) => s + g, 0);
    const first = now - tail - total;
    let at = first;
    const messages = turns.map((t, i) => {
      at += gaps[i]!;
      const message: ConversationInput['messages'][number] = {
        role: t.role,
        text: t.text,
        at: new Date(at).toISOString(),
      };
      if (t.authorId) message.authorId = t.authorId;
      return message;
    });
    return { messages, startedAt: first - rng.int(0, 5000) };
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function createConversationGenerator(options: GeneratorOptions): ConversationGenerator {
  return new ConversationGenerator(options);
}
