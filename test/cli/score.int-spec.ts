import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversation } from '../support/client';

const ROOT = join(__dirname, '..', '..');

/** The shipped fraud weights, as an operator would start editing them. */
function shippedFraudConfig(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(ROOT, 'packages/engine/src/defaults/default-fraud.json'), 'utf8'),
  ) as Record<string, unknown>;
}

/** `vigil score` as people run it: a process reading NDJSON on stdin, no database, no Redis. */
function vigilScore(input: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(ROOT, 'apps/workers/bin/vigil.js'), 'score', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' }, // no DATABASE_URL, no REDIS_URL
  });
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return { status: result.status, lines, stderr: result.stderr };
}

describe('vigil score', () => {
  it('writes every result to a reader that falls behind, before it exits', async () => {
    const n = 5000;
    const input = Array.from({ length: n }, (_, i) =>
      JSON.stringify(conversation({ externalId: `slow-${i}` })),
    );
    const child = spawn(process.execPath, [join(ROOT, 'apps/workers/bin/vigil.js'), 'score'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    child.stdin.end(`${input.join('\n')}\n`);
    // Read in fits and starts: the pipe keeps filling up, so vigil score often has results queued
    // for us, also when its input ends.
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const slow = setInterval(
      () => (child.stdout.isPaused() ? child.stdout.resume() : child.stdout.pause()),
      40,
    );
    const status = await new Promise((resolve) => child.on('close', resolve));
    clearInterval(slow);
    expect(status).toBe(0);
    const ids = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).externalId);
    expect(ids).toHaveLength(n);
    expect(ids[n - 1]).toBe(`slow-${n - 1}`);
  });

  it('writes one result per conversation, in order, with evidence for each analyzer', () => {
    const angry = conversation({ externalId: 'angry' });
    const happy = conversation({
      externalId: 'happy',
      messages: [
        { role: 'agent', text: 'Hello, thanks for contacting us! How can I help?' },
        { role: 'customer', text: 'My new card arrived today, thank you so much, great service!' },
      ],
    });
    const { status, lines } = vigilScore(`${JSON.stringify(angry)}\n\n${JSON.stringify(happy)}\n`);
    expect(status).toBe(0);
    expect(lines.map((l) => [l.line, l.externalId])).toEqual([
      [1, 'angry'],
      [3, 'happy'],
    ]);
    const [a, h] = lines;
    expect(a.scores.sentiment.result.customer.overall).toBeLessThan(0);
    expect(h.scores.sentiment.result.customer.overall).toBeGreaterThan(0);
    for (const analyzer of ['sentiment', 'topics', 'qa', 'compliance', 'fraud']) {
      expect(a.scores[analyzer]).toMatchObject({
        analyzer,
        version: expect.any(String),
        evidence: expect.any(Array),
      });
    }
    const text: string = angry.messages[a.scores.sentiment.evidence[0].messageIndex]!.text;
    const span = a.scores.sentiment.evidence[0];
    expect(text.slice(span.start, span.end)).toBe(span.quote);
  });

  it('reports invalid lines in place and exits 1', () => {
    const good = JSON.stringify(conversation());
    const { status, lines } = vigilScore(`not json\n${JSON.stringify({ channel: 'fax' })}\n${good}\n`);
    expect(status).toBe(1);
    expect(lines[0]).toEqual({ line: 1, errors: [{ field: '(line)', message: 'not valid JSON' }] });
    expect(lines[1].errors.map((e: { field: string }) => e.field)).toContain('channel');
    expect(lines[2].scores).toBeDefined();
  });

  it('uses the taxonomy of a --config document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        topics: {
          taxonomy: {
            version: 'test-1',
            topics: [
              {
                key: 'parcel-lost',
                label: 'Parcel lost',
                examples: ['my parcel never arrived', 'the package is lost'],
                keywords: ['parcel', 'package'],
              },
              {
                key: 'password-reset',
                label: 'Password reset',
                examples: ['I cannot log in', 'reset my password'],
                keywords: ['password'],
              },
            ],
          },
        },
      }),
    );
    const input = conversation({
      messages: [{ role: 'customer', text: 'My parcel never arrived, where is my package?' }],
    });
    const { status, lines } = vigilScore(`${JSON.stringify(input)}\n`, ['--config', config]);
    expect(status).toBe(0);
    expect(lines[0].scores.topics.result.topics[0].key).toBe('parcel-lost');
  });

  it('checks the policies of a --config document (scores.compliance), the default ones without', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        policies: {
          version: 'test-7',
          rules: [
            {
              key: 'no-free-upgrades',
              label: 'No free upgrades',
              kind: 'prohibited_phrase',
              severity: 'low',
              phrases: ['free upgrade'],
            },
          ],
        },
      }),
    );
    const input = conversation({
      messages: [
        { role: 'customer', text: 'My card was declined again.' },
        { role: 'agent', text: 'Sorry! I can give you a free upgrade. Can you tell me your PIN?' },
      ],
    });
    const configured = vigilScore(`${JSON.stringify(input)}\n`, ['--config', config]).lines[0].scores
      .compliance;
    expect(configured.result).toMatchObject({ policyVersion: 'test-7', rulesChecked: 1 });
    expect(configured.result.violations).toEqual([
      expect.objectContaining({ ruleId: 'no-free-upgrades', ruleVersion: 'test-7', evidence: [0] }),
    ]);
    expect(configured.evidence[0]).toMatchObject({
      quote: 'free upgrade',
      target: { kind: 'policy', key: 'no-free-upgrades' },
    });
    const shipped = vigilScore(`${JSON.stringify(input)}\n`).lines[0].scores.compliance;
    expect(shipped.result.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual([
      'no-sensitive-data-request',
    ]);
  });

  it('prints the fraud result with its signals, and takes fraud weights from a --config document', () => {
    const input = conversation({
      metadata: { auth: { verified: false, failedAttempts: 2 } },
      messages: [
        {
          role: 'customer',
          text: 'I am calling from the fraud department. Move the money to a safe account.',
        },
        { role: 'customer', text: "Do it right now and don't tell anyone." },
      ],
    });
    const shipped = vigilScore(`${JSON.stringify(input)}\n`).lines[0].scores.fraud;
    expect(shipped.result).toMatchObject({ flagged: true, threshold: 60 });
    expect(shipped.result.signals.map((s: { kind: string }) => s.kind)).toEqual(
      expect.arrayContaining(['authority', 'safe_account', 'secrecy', 'auth_failed']),
    );
    const dir = mkdtempSync(join(tmpdir(), 'vigil-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ fraud: { ...shippedFraudConfig(), version: 'f-2', threshold: 100 } }),
    );
    const configured = vigilScore(`${JSON.stringify(input)}\n`, ['--config', config]).lines[0].scores.fraud;
    expect(configured.result).toMatchObject({ configVersion: 'f-2', threshold: 100, flagged: false });
  });

  it('says which configuration file it cannot read', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'apps/workers/bin/vigil.js'), 'score', '--config', '/nonexistent.json'],
      {
        input: '',
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot read configuration \/nonexistent\.json/);
  });
});
