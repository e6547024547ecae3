import { join } from 'node:path';
import { Client } from 'pg';
import type { AuditPage, CoachingNote, CoachingReport, ConversationInput } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { inspectPdf } from '../support/pdf';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn, signInAs } from '../support/users';

const AGENT = 'a-coach';
const TEAMMATE = 'a-mate';
const OUTSIDER = 'a-outside';
const GREETS = 'Hello, thank you for contacting us! I am sorry about the double charge, let me check.';
const NO_GREETING = 'Let me check.';

/** RFC 4180 back into rows (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

/** A trainer builds an agent's coaching report: the page's numbers, the CSV and the PDF, notes and goals. */
describe('coaching reports', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let trainer: ApiClient;
  let pg: Client;
  const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const to = () => new Date(Date.now() + 60_000).toISOString();
  const query = (subject: string) => `${subject}&from=${from}&to=${to()}`;

  function handled(agentId: string, team: string, text: string, extra: Partial<ConversationInput> = {}) {
    return conversation({
      team,
      agents: [{ id: agentId, name: agentId === AGENT ? 'Coach Me' : agentId, kind: 'human' }],
      messages: [
        { role: 'customer', text: 'I was charged twice and nobody answers! This is terrible.' },
        { role: 'agent', authorId: agentId, text },
        { role: 'customer', text: 'Great, thank you so much, that is wonderful.' },
      ],
      ...extra,
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    trainer = await signInAs(stack.url, db.url, 'trainer');
    pg = new Client({ connectionString: db.url });
    await pg.connect();

    const batch = [
      handled(AGENT, 'coaching', GREETS),
      handled(AGENT, 'coaching', GREETS),
      // Text from an integration that a spreadsheet would run as a formula.
      handled(AGENT, 'coaching', NO_GREETING, { externalId: '=HYPERLINK("http://evil.example","x")' }),
      handled(TEAMMATE, 'coaching', GREETS),
      // The default policies' critical rule: flagged when scored.
      handled(
        OUTSIDER,
        'elsewhere',
        'Sure. Please tell me your full card number and your PIN so I can check.',
      ),
    ];
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations/bulk', batch);
    expect(posted.status).toBe(202);
    await waitFor('the conversations to be scored', async () => {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM conversation WHERE status = 'scored'`);
      return rows[0].n === batch.length;
    });
  });
  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  it("gives a trainer an agent's report: QA score and criteria against the team, outcomes, topics, examples", async () => {
    const res = await trainer.get(`/api/v1/reports/coaching?${query(`agent=${AGENT}`)}`);
    expect(res.status).toBe(200);
    const report = res.body as CoachingReport;
    expect(report.subject).toEqual({ kind: 'agent', id: AGENT, name: 'Coach Me' });
    expect(report.comparison).toMatchObject({ kind: 'team', id: 'coaching' });
    expect(report.conversations).toBe(3);

    const { rows } = await pg.query(
      `SELECT id, qa_score, qa_outcomes FROM conversation WHERE agent_ids @> ARRAY[$1]::text[]`,
      [AGENT],
    );
    const mean = rows.reduce((s, r) => s + r.qa_score, 0) / rows.length;
    expect(report.qaScore).toBeCloseTo(mean, 6);
    const { rows: team } = await pg.query(
      `SELECT avg(qa_score) AS mean FROM conversation WHERE team = 'coaching'`,
    );
    expect(report.comparisonQaScore).toBeCloseTo(Number(team[0].mean), 6);

    // The greeting was met twice in three, as the stored outcomes say; the team's rate counts the teammate too.
    const greeting = report.criteria.find((c) => c.key === 'greeting')!;
    expect({ met: greeting.met, notMet: greeting.notMet }).toEqual({ met: 2, notMet: 1 });
    expect(greeting.comparisonRate).toBeCloseTo(3 / 4);
    const scored = report.criteria.filter((c) => c.rate !== null).length;
    expect(report.strongest).toHaveLength(Math.ceil(scored / 2));
    expect(report.weakest).toHaveLength(Math.floor(scored / 2));
    expect(report.strongest.filter((k) => report.weakest.includes(k))).toEqual([]);
    expect(report.criteria.find((c) => c.key === report.weakest[0])!.rate).toBe(
      Math.min(...report.criteria.filter((c) => c.rate !== null).map((c) => c.rate!)),
    );

    // Every customer here starts angry and ends thankful.
    expect(report.sentimentOutcomes).toEqual({ improved: 3, unchanged: 0, worsened: 0, unknown: 0 });
    expect(report.topics.reduce((n, t) => Math.max(n, t.conversations), 0)).toBeLessThanOrEqual(3);
    expect(report.flags).toEqual({ conversations: 0, byRule: [] });

    // Best and worst examples, with their QA evidence to highlight.
    const scores = rows.map((r) => r.qa_score as number);
    expect(report.best[0]!.qaScore).toBe(Math.max(...scores));
    expect(report.worst[0]!.qaScore).toBe(Math.min(...scores));
    expect(report.best[0]!.scores.qa!.evidence.some((e) => e.target.kind === 'criterion')).toBe(true);
    expect(report.series.reduce((n, p) => n + p.conversations, 0)).toBe(3);
  });

  it('exports one CSV row per conversation, with every score as the database holds it, formulas neutralised', async () => {
    const res = await trainer.get(`/api/v1/reports/coaching.csv?${query(`agent=${AGENT}`)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="vigil-coaching-a-coach-/);
    const [header, ...rows] = parseCsv(res.body as string);
    const column = (name: string) => header!.indexOf(name);
    expect(header!.slice(0, 3)).toEqual(['conversation_id', 'external_id', 'source']);
    expect(header).toContain('qa:greeting');

    const { rows: stored } = await pg.query(
      `SELECT c.id, c.external_id, c.qa_score, c.customer_sentiment, c.topic_keys, c.qa_outcomes,
              (a.output->'result'->'customer'->>'start')::float8 AS start,
              (a.output->'result'->'customer'->>'end')::float8 AS "end"
         FROM conversation c JOIN conversation_analysis a ON a.conversation_id = c.id AND a.analyzer = 'sentiment'
        WHERE c.agent_ids @> ARRAY[$1]::text[] ORDER BY c.ended_at, c.id`,
      [AGENT],
    );
    expect(rows.map((r) => r[column('conversation_id')])).toEqual(stored.map((s) => s.id));
    stored.forEach((s, i) => {
      const row = rows[i]!;
      expect(Number(row[column('qa_score')])).toBe(s.qa_score);
      expect(Number(row[column('sentiment')])).toBe(s.customer_sentiment);
      expect(Number(row[column('sentiment_start')])).toBe(s.start);
      expect(Number(row[column('sentiment_end')])).toBe(s.end);
      expect(row[column('topics')]).toBe(s.topic_keys.join(' '));
      for (const key of s.qa_outcomes as string[]) {
        const [criterion, outcome] = key.split(':');
        expect([criterion, row[column(`qa:${criterion}`)]]).toEqual([criterion, outcome]);
      }
      // An external id that starts like a formula is written as text.
      const external = row[column('external_id')]!;
      expect(external.startsWith('=')).toBe(false);
      expect(external.replace(/^'/, '')).toBe(s.external_id);
    });
    expect(rows.some((r) => r[column('external_id')]!.startsWith("'=HYPERLINK"))).toBe(true);
  });

  it('streams a long export page after page, each conversation once', async () => {
    // 2,500 copies of a scored conversation of the teammate's (more than two of the export's pages).
    const copies = 2500;
    await pg.query(
      `INSERT INTO conversation (source, external_id, channel, team, agent_ids, started_at, ended_at,
         message_count, content, status, customer_sentiment, qa_score, topic_keys, signals, qa_outcomes, scored_at)
       SELECT c.source, c.external_id || '-copy-' || n, c.channel, c.team, c.agent_ids, c.started_at,
              c.ended_at - (n % 7) * interval '1 minute', c.message_count, c.content, c.status,
              c.customer_sentiment, c.qa_score, c.topic_keys, c.signals, c.qa_outcomes, c.scored_at
         FROM conversation c CROSS JOIN generate_series(1, ${copies}) n
        WHERE c.agent_ids @> ARRAY[$1]::text[]`,
      [TEAMMATE],
    );
    const res = await trainer.get(`/api/v1/reports/coaching.csv?${query(`agent=${TEAMMATE}`)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const rows = parseCsv(res.body as string).slice(1);
    expect(rows).toHaveLength(copies + 1);
    expect(new Set(rows.map((r) => r[0])).size).toBe(copies + 1);
  });

  it('renders a PDF that names the agent and their scores, with notes and goals from before it', async () => {
    const note = await trainer.post('/api/v1/reports/coaching/notes', {
      agent: AGENT,
      kind: 'goal',
      text: 'Greet every customer by name in the first message.',
    });
    expect(note.status).toBe(201);
    const created = note.body as CoachingNote;
    expect(created).toMatchObject({ agentId: AGENT, kind: 'goal' });
    expect(created.author).toMatch(/^trainer-/);

    const report = (await trainer.get(`/api/v1/reports/coaching?${query(`agent=${AGENT}`)}`))
      .body as CoachingReport;
    expect(report.notes.map((n) => n.id)).toEqual([created.id]);

    const res = await fetch(`${stack.url}/api/v1/reports/coaching.pdf?${query(`agent=${AGENT}`)}`, {
      headers: { cookie: trainer.cookieHeader },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = process.env.SCREENSHOT_DIR;
    const { pages, title } = await inspectPdf(pdf, dir ? join(dir, 'coaching-report-page1.png') : undefined);
    // A summary page, then the best and the worst examples on pages of their own.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(title).toBe('Coaching report: Coach Me');
    const first = pages[0]!.replace(/\s+/g, ' ');
    expect(first).toContain('Coach Me');
    expect(first).toContain(`QA score ${report.qaScore!.toFixed(1)}`);
    expect(first).toContain(`team coaching: ${report.comparisonQaScore!.toFixed(1)}`);
    const greeting = report.criteria.find((c) => c.key === 'greeting')!;
    expect(first).toContain(`${greeting.label} ${Math.round(greeting.rate! * 100)}% of 3`);
    const all = pages.join(' ').replace(/\s+/g, ' ');
    expect(all).toContain('Greet every customer by name in the first message.');
    expect(all).toContain(`QA score ${report.best[0]!.qaScore!.toFixed(1)}`);
    expect(all).toContain('Conversations to coach from');
    expect(all).toContain(`page 1 of ${pages.length}`);
  });

  it('audits exports and notes', async () => {
    const page = (await admin.get('/api/v1/audit?action=export.created')).body as AuditPage;
    const formats = page.entries
      .filter((e) => e.details.report === 'coaching' && e.target === `agent:${AGENT}`)
      .map((e) => e.details.format);
    expect(formats.sort()).toEqual(['csv', 'pdf']);
    const notes = (await admin.get('/api/v1/audit?action=coaching.noteAdded')).body as AuditPage;
    expect(notes.entries[0]).toMatchObject({
      target: `agent:${AGENT}`,
      actor: expect.stringMatching(/^trainer-/),
    });
  });

  it('names the wrong field, refuses roles without reports.build, and keeps a trainer to their teams', async () => {
    const both = await trainer.get(`/api/v1/reports/coaching?${query(`agent=${AGENT}&team=coaching`)}`);
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([
      { field: 'query.agent', message: 'name exactly one of agent or team' },
    ]);
    const backwards = await trainer.get(`/api/v1/reports/coaching?agent=${AGENT}&from=${to()}&to=${from}`);
    expect(backwards.body.errors).toContainEqual({ field: 'query.to', message: 'must be after from' });

    const compliance = await signInAs(stack.url, db.url, 'compliance');
    expect((await compliance.get(`/api/v1/reports/coaching.csv?${query(`agent=${AGENT}`)}`)).status).toBe(
      403,
    );

    const { email } = await addUser(admin, 'trainer', { teams: ['elsewhere'] });
    const limited = await signIn(stack.url, email);
    const other = await limited.get(`/api/v1/reports/coaching.csv?${query('team=coaching')}`);
    expect(other.status).toBe(403);
    expect(other.body.errors).toEqual([
      { field: 'query.team', message: expect.stringContaining('elsewhere') },
    ]);
    // An agent of another team: none of their conversations is the limited trainer's to see.
    const agent = (await limited.get(`/api/v1/reports/coaching?${query(`agent=${AGENT}`)}`))
      .body as CoachingReport;
    expect(agent.conversations).toBe(0);
    expect(agent.best).toEqual([]);
    const csv = parseCsv((await limited.get(`/api/v1/reports/coaching.csv?${query(`agent=${AGENT}`)}`)).body);
    expect(csv).toHaveLength(1);
    const own = (await limited.get(`/api/v1/reports/coaching?${query('team=elsewhere')}`))
      .body as CoachingReport;
    expect(own.conversations).toBe(1);
    // Its one conversation is flagged, as the flag table says; the CSV names the rule.
    const { rows: flags } = await pg.query(
      `SELECT rule_id FROM flag WHERE team = 'elsewhere' AND cleared_at IS NULL`,
    );
    expect(flags.length).toBeGreaterThan(0);
    expect(own.flags.conversations).toBe(1);
    expect(own.flags.byRule.map((f) => [f.ruleId, f.count]).sort()).toEqual(
      [...new Set(flags.map((f) => f.rule_id as string))]
        .map((r) => [r, flags.filter((f) => f.rule_id === r).length])
        .sort(),
    );
    const ownCsv = parseCsv(
      (await limited.get(`/api/v1/reports/coaching.csv?${query('team=elsewhere')}`)).body,
    );
    const flagsColumn = ownCsv[0]!.indexOf('flags');
    expect(ownCsv[1]![flagsColumn]!.split(' ').sort()).toEqual(flags.map((f) => f.rule_id as string).sort());
  });
});
