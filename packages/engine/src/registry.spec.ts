import type { AnalyzerName } from '@vigil/contracts';
import type { Analyzer } from './analyzer';
import { factsOfScores, scoreConversation } from './engine';
import { ANALYZERS, inDependencyOrder } from './registry';

const fake = (name: string, dependsOn: string[] = []) =>
  ({ name, dependsOn, version: '1', configFrom: () => undefined }) as unknown as Analyzer;
const names = (list: readonly Analyzer[]) => list.map((a) => a.name as string);

describe('the analyzer registry', () => {
  it('runs each analyzer after the ones it depends on, whatever the order of registration', () => {
    const order = names(inDependencyOrder([fake('qa', ['sentiment']), fake('topics'), fake('sentiment')]));
    expect(order.indexOf('sentiment')).toBeLessThan(order.indexOf('qa'));
    expect(order).toHaveLength(3);
  });

  it('refuses a dependency that is not registered, and a cycle, naming them', () => {
    expect(() => inDependencyOrder([fake('qa', ['sentiment'])])).toThrow(
      'analyzer "qa" depends on "sentiment", which is not registered',
    );
    expect(() => inDependencyOrder([fake('qa', ['topics']), fake('topics', ['qa'])])).toThrow(
      'analyzer dependency cycle: qa → topics → qa',
    );
  });

  it('registers every analyzer of the contracts once, in a runnable order', () => {
    const registered = names(ANALYZERS);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual([
      'compliance',
      'fraud',
      'pii',
      'qa',
      'sentiment',
      'topics',
    ] satisfies AnalyzerName[]);
    for (const analyzer of ANALYZERS)
      for (const dependency of analyzer.dependsOn)
        expect(registered.indexOf(dependency)).toBeLessThan(registered.indexOf(analyzer.name));
  });

  it('gives every piece of evidence a target that names the score it belongs to', () => {
    const scores = scoreConversation({
      externalId: 'x',
      source: 't',
      channel: 'chat',
      startedAt: '2026-11-23T10:00:00Z',
      endedAt: '2026-11-23T10:05:00Z',
      agents: [{ id: 'a-1', name: 'Ilze', kind: 'human' }],
      customer: {},
      metadata: {},
      messages: [
        { role: 'agent', authorId: 'a-1', text: 'Hello, thank you for contacting us, how can I help?' },
        { role: 'customer', text: 'I was charged twice for my order and I am furious, I want a refund!' },
        {
          role: 'agent',
          authorId: 'a-1',
          text: 'I am so sorry about that, I will refund the duplicate charge now.',
        },
        { role: 'customer', text: 'Thanks, that is great.' },
      ],
    } as never);
    const kinds = new Set(Object.values(scores).flatMap((o) => o!.evidence.map((e) => e.target.kind)));
    expect(kinds).toEqual(new Set(['sentiment', 'emotion', 'topic', 'criterion']));
    for (const e of scores.topics!.evidence)
      expect(scores.topics!.result.topics.map((t) => t.key)).toContain(e.target.key);
    for (const e of scores.qa!.evidence)
      expect(scores.qa!.result.criteria.map((c) => c.key)).toContain(e.target.key);
  });
});

describe('the facts the rollups count, gathered from each analyzer', () => {
  it('reads the facts the rollups count from an engine result', () => {
    const scores = {
      sentiment: {
        result: {
          customer: { overall: -0.4 },
          emotions: { anger: 0.7, gratitude: 0.2 },
          escalationRequested: true,
          churnIntent: false,
        },
      },
      qa: {
        result: {
          score: 75,
          criteria: [
            { key: 'greeting', outcome: 'met' },
            { key: 'empathy', outcome: 'not_met' },
            { key: 'identity_verification', outcome: 'not_applicable' },
            { key: 'closing', outcome: 'met' },
          ],
        },
      },
      topics: { result: { topics: [{ key: 'refund' }] } },
    } as unknown as Parameters<typeof factsOfScores>[0];
    expect(factsOfScores(scores)).toEqual({
      customerSentiment: -0.4,
      qaScore: 75,
      topics: ['refund'],
      signals: ['escalation', 'anger'],
      // Sorted; "not applicable" is not kept, it counts nowhere.
      qaOutcomes: ['closing:met', 'empathy:not_met', 'greeting:met'],
    });
  });

  it('reads no outcomes from a conversation without a QA result', () => {
    expect(factsOfScores({} as Parameters<typeof factsOfScores>[0]).qaOutcomes).toEqual([]);
  });
});
