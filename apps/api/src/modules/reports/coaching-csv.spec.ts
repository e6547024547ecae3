import { coachingCsv } from './coaching-csv.js';

const row = {
  id: 'c1',
  externalId: '=cmd|x',
  source: 'zendesk',
  channel: 'chat',
  team: 'billing',
  agentIds: ['a-1', 'a-2'],
  startedAt: new Date('2026-11-01T10:00:00Z'),
  endedAt: new Date('2026-11-01T10:10:00Z'),
  messageCount: 4,
  qaScore: 75,
  sentiment: -0.25,
  sentimentStart: -0.5,
  sentimentEnd: null,
  topics: ['billing', 'refund'],
  flags: ['no-guaranteed-outcomes'],
  qaOutcomes: ['greeting:met', 'empathy:not_met'],
};

async function text(criteria: string[], rows: (typeof row)[]): Promise<string> {
  let out = '';
  for await (const chunk of coachingCsv(
    criteria,
    (async function* () {
      yield* rows;
    })(),
  ))
    out += chunk;
  return out;
}

describe('coaching CSV', () => {
  it('writes the header, then numbers bare, text quoted and formulas neutralised', async () => {
    const csv = await text(['greeting', 'empathy', 'closing'], [row]);
    const [header, line] = csv.split('\r\n');
    expect(header).toContain(
      '"qa_score","sentiment","sentiment_start","sentiment_end","topics","flags","qa:greeting","qa:empathy","qa:closing"',
    );
    expect(line).toBe(
      '"c1","\'=cmd|x","zendesk","chat","billing","a-1 a-2","2026-11-01T10:00:00.000Z","2026-11-01T10:10:00.000Z",4,75,-0.25,-0.5,"","billing refund","no-guaranteed-outcomes","met","not_met",""',
    );
  });
});
