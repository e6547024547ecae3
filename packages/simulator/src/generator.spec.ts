import { validateConversation } from '@vigil/contracts';
import { defaultDatasetsDir, emptyPhraseSources, loadPhraseSources } from './datasets';
import { ConversationGenerator, luhnCheckDigit, type SimulationTruth } from './generator';
import { IncidentSchedule } from './incidents';
import { TEAMS } from './topics';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('ConversationGenerator', () => {
  const phrases = loadPhraseSources(defaultDatasetsDir(__dirname));

  it('makes conversations that pass the ingest contract', () => {
    for (const source of [phrases, emptyPhraseSources()]) {
      const generator = new ConversationGenerator({ seed: 'contract', runId: 'r', phrases: source });
      for (let i = 0; i < 2000; i++) {
        const conversation = generator.next({ now: NOW });
        const result = validateConversation(conversation);
        if (!result.ok) throw new Error(`${conversation.externalId}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('is repeatable from its seed', () => {
    const a = new ConversationGenerator({ seed: 42, runId: 'r', phrases });
    const b = new ConversationGenerator({ seed: 42, runId: 'r', phrases });
    const c = new ConversationGenerator({ seed: 43, runId: 'r', phrases });
    const first = Array.from({ length: 50 }, () => a.next({ now: NOW }));
    expect(Array.from({ length: 50 }, () => b.next({ now: NOW }))).toEqual(first);
    expect(Array.from({ length: 50 }, () => c.next({ now: NOW }))).not.toEqual(first);
  });

  it('gives every conversation a unique external id and the simulator source', () => {
    const generator = new ConversationGenerator({ seed: 1, runId: 'abc' });
    const ids = new Set(
      Array.from({ length: 1000 }, () => generator.next({ now: NOW })).map(
        (c) => `${c.source}/${c.externalId}`,
      ),
    );
    expect(ids.size).toBe(1000);
    expect([...ids][0]).toBe('simulator/sim-abc-1');
  });

  it('varies teams, channels, agents, lengths and moods like real traffic', () => {
    const generator = new ConversationGenerator({ seed: 'mix', runId: 'r', phrases });
    const all = Array.from({ length: 3000 }, () => generator.next({ now: NOW }));
    expect(new Set(all.map((c) => c.team))).toEqual(new Set(TEAMS));
    expect(new Set(all.map((c) => c.channel))).toEqual(
      new Set(['chat', 'email', 'voice', 'sms', 'messaging', 'social']),
    );
    const lengths = all.map((c) => c.messages.length).sort((x, y) => x - y);
    expect(lengths[0]).toBeGreaterThanOrEqual(3);
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(30);
    const chatLengths = all
      .filter((c) => c.channel === 'chat')
      .map((c) => c.messages.length)
      .sort((x, y) => x - y);
    const median = chatLengths[Math.floor(chatLengths.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(12);
    expect(median).toBeLessThanOrEqual(17);
    const ai = all.filter((c) => c.agents?.some((a) => a.kind === 'ai')).length / all.length;
    expect(ai).toBeGreaterThan(0.1);
    expect(ai).toBeLessThan(0.4);
    const truths = all.map((c) => c.metadata!.simulation as SimulationTruth);
    const share = (test: (t: SimulationTruth) => boolean): number =>
      truths.filter(test).length / truths.length;
    expect(share((t) => t.startMood === 'angry')).toBeGreaterThan(0.05);
    expect(share((t) => t.startMood === 'angry' && t.endMood === 'happy')).toBeGreaterThan(0.02);
    expect(share((t) => t.startMood === 'neutral' && t.endMood === 'frustrated')).toBeGreaterThan(0.02);
    expect(share((t) => t.escalationRequested)).toBeGreaterThan(0.03);
    expect(share((t) => t.churnThreat)).toBeGreaterThan(0.02);
    const csat = all.filter((c) => c.metadata?.csat !== undefined).length / all.length;
    expect(csat).toBeGreaterThan(0.15);
    expect(csat).toBeLessThan(0.5);
  });

  it('ends at now, with message times increasing inside [startedAt, endedAt]', () => {
    const generator = new ConversationGenerator({ seed: 't', runId: 'r' });
    for (let i = 0; i < 500; i++) {
      const c = generator.next({ now: NOW });
      expect(c.endedAt).toBe(new Date(NOW).toISOString());
      const times = c.messages.map((m) => Date.parse(m.at!));
      for (let j = 1; j < times.length; j++) expect(times[j]!).toBeGreaterThan(times[j - 1]!);
      expect(times[0]!).toBeGreaterThanOrEqual(Date.parse(c.startedAt));
      expect(times[times.length - 1]!).toBeLessThanOrEqual(NOW);
    }
  });

  it('only names agents that are listed, and customers speak in every conversation', () => {
    const generator = new ConversationGenerator({ seed: 'authors', runId: 'r' });
    for (let i = 0; i < 500; i++) {
      const c = generator.next({ now: NOW });
      const ids = new Set(c.agents!.map((a) => a.id));
      for (const m of c.messages.filter((m) => m.role === 'agent')) expect(ids.has(m.authorId!)).toBe(true);
      expect(c.messages.some((m) => m.role === 'customer')).toBe(true);
    }
  });

  it('shapes incident traffic: a surge forces its topic, a sentiment drop sours its team', () => {
    const schedule = new IncidentSchedule({ seed: 's', startMs: NOW });
    const surge = schedule.until(NOW + 3 * 3600_000).find((i) => i.kind === 'topic-surge')!;
    const drop = schedule.until(NOW + 3 * 3600_000).find((i) => i.kind === 'sentiment-drop')!;
    const generator = new ConversationGenerator({ seed: 'inc', runId: 'r' });
    const surged = Array.from({ length: 200 }, () =>
      generator.next({ now: NOW, incident: surge, incidentTraffic: true }),
    );
    expect(new Set(surged.map((c) => (c.metadata!.simulation as SimulationTruth).topic))).toEqual(
      new Set([surge.topicId]),
    );
    const negative = (list: typeof surged): number =>
      list.filter((c) =>
        ['angry', 'frustrated'].includes((c.metadata!.simulation as SimulationTruth).startMood),
      ).length / list.length;
    const soured = Array.from({ length: 400 }, () =>
      generator.next({ now: NOW, incident: drop, team: drop.team }),
    );
    const normal = Array.from({ length: 400 }, () => generator.next({ now: NOW, team: drop.team }));
    expect(negative(soured)).toBeGreaterThan(negative(normal) + 0.25);
    expect(soured.every((c) => (c.metadata!.simulation as SimulationTruth).incident === drop.id)).toBe(true);
  });

  it('injects an account-takeover wave and AI-jailbreak attempts, marked in metadata.simulation', () => {
    const schedule = new IncidentSchedule({ seed: 'f', startMs: NOW });
    const all = schedule.until(NOW + 3 * 3600_000);
    const takeover = all.find((i) => i.kind === 'account-takeover')!;
    const jailbreak = all.find((i) => i.kind === 'ai-jailbreak')!;
    const generator = new ConversationGenerator({ seed: 'ato', runId: 'r' });
    const takeovers = Array.from({ length: 20 }, () =>
      generator.next({ now: NOW, incident: takeover, incidentTraffic: true }),
    );
    for (const c of takeovers) {
      expect(c.metadata!.simulation).toMatchObject({ fraud: 'account-takeover', incident: takeover.id });
      expect(c.metadata!.auth).not.toMatchObject({ verified: true });
      expect(c.channel).toBe('chat');
    }
    const attempts = Array.from({ length: 20 }, () =>
      generator.next({ now: NOW, incident: jailbreak, incidentTraffic: true }),
    );
    for (const c of attempts) {
      expect(c.metadata!.simulation).toMatchObject({ fraud: 'ai-jailbreak', incident: jailbreak.id });
      expect(c.agents![0]!.kind).toBe('ai');
    }
    const ordinary = Array.from({ length: 200 }, () => generator.next({ now: NOW }));
    expect(
      ordinary.filter((c) => (c.metadata!.simulation as SimulationTruth).fraud === 'account-takeover'),
    ).toEqual([]);
  });

  it('makes fraud-campaign callers share device, phone and IP across accounts', () => {
    const schedule = new IncidentSchedule({ seed: 'f', startMs: NOW });
    const fraud = schedule.until(NOW + 3 * 3600_000).find((i) => i.kind === 'fraud-campaign')!;
    const generator = new ConversationGenerator({ seed: 'fraud', runId: 'r' });
    const calls = Array.from({ length: 20 }, () =>
      generator.next({ now: NOW, incident: fraud, incidentTraffic: true }),
    );
    expect(new Set(calls.map((c) => JSON.stringify(c.metadata!.contact)))).toEqual(
      new Set([JSON.stringify(fraud.campaign)]),
    );
    expect(new Set(calls.map((c) => c.customer!.accountId)).size).toBeGreaterThan(15);
    for (const c of calls) {
      expect(c.channel).toBe('voice');
      expect((c.metadata!.voice as { syntheticSpeechScore: number }).syntheticSpeechScore).toBeGreaterThan(
        0.7,
      );
    }
  });

  it('computes Luhn check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('453914880343646')).toBe(7);
  });
});
