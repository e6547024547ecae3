import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CoachingReport } from '@vigil/contracts';
import { coachingPdf } from '@vigil/data';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/support/smtp-receiver';
import { Mailer } from './mailer';

/** A small report, as the builder makes it, for an agent with one criterion. */
function report(): CoachingReport {
  const from = '2026-11-23T00:00:00.000Z';
  const to = '2026-11-30T00:00:00.000Z';
  return {
    query: { agent: 'a-mail', from, to },
    subject: { kind: 'agent', id: 'a-mail', name: 'Mailed Agent' },
    comparison: { kind: 'team', id: 'billing', name: 'team billing' },
    conversations: 4,
    qaScore: 72.5,
    comparisonQaScore: 68,
    sentiment: 0.2,
    series: [{ t: from, qaScore: 72.5, comparisonQaScore: 68, conversations: 4 }],
    criteria: [{ key: 'greeting', label: 'Greeting', met: 3, notMet: 1, rate: 0.75, comparisonRate: 0.5 }],
    strongest: ['greeting'],
    weakest: [],
    sentimentOutcomes: { improved: 3, unchanged: 1, worsened: 0, unknown: 0 },
    topics: [],
    flags: { conversations: 0, byRule: [] },
    best: [],
    worst: [],
    notes: [],
    generatedAt: to,
  };
}

/** Each page's text, read with pdf.js (in its own process: pdf.js is an ES module). */
async function pdfText(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-mail-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    await writeFile(file, pdf);
    const { stdout } = await promisify(execFile)(process.execPath, ['test/support/pdf-inspect.mjs', file], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return (JSON.parse(stdout) as { pages: string[] }).pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The mailer through a real SMTP server: a coaching report's PDF arrives attached and readable. */
describe('the mailer', () => {
  let receiver: SmtpReceiver;
  let mailer: Mailer;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    mailer = new Mailer({ url: receiver.url, from: 'Vigil <reports@vigil.test>' });
  });
  afterAll(async () => {
    mailer?.close();
    await receiver?.close();
  });

  it('sends text, HTML and a PDF attachment to every recipient', async () => {
    const pdf = await coachingPdf(report());
    await mailer.send({
      to: ['trainer@example.com', 'agent@example.com'],
      subject: 'Weekly coaching report: Mailed Agent',
      text: 'The report is attached.',
      html: '<p>The report is attached.</p>',
      attachments: [{ filename: 'coaching.pdf', content: pdf, contentType: 'application/pdf' }],
    });

    const [mail] = await receiver.waitForMessages(1);
    expect(mail!.subject).toBe('Weekly coaching report: Mailed Agent');
    expect(mail!.from?.value).toEqual([{ name: 'Vigil', address: 'reports@vigil.test' }]);
    const to = Array.isArray(mail!.to) ? mail!.to : [mail!.to!];
    expect(to.flatMap((a) => a.value.map((v) => v.address)).sort()).toEqual([
      'agent@example.com',
      'trainer@example.com',
    ]);
    expect(mail!.text?.trim()).toBe('The report is attached.');
    expect(mail!.html).toContain('<p>The report is attached.</p>');

    const [attachment] = mail!.attachments;
    expect(attachment).toMatchObject({ filename: 'coaching.pdf', contentType: 'application/pdf' });
    expect(attachment!.content.equals(pdf)).toBe(true);
    const pages = await pdfText(attachment!.content);
    expect(pages[0]).toContain('Mailed Agent');
    expect(pages[0]!.replace(/\s+/g, ' ')).toContain('QA score 72.5');
  });

  it('fails loudly when the SMTP server cannot be reached', async () => {
    const closed = await startSmtpReceiver();
    const url = closed.url;
    await closed.close();
    const unreachable = new Mailer({ url, from: 'vigil@vigil.test' });
    try {
      await expect(unreachable.send({ to: ['x@example.com'], subject: 's', text: 't' })).rejects.toThrow();
    } finally {
      unreachable.close();
    }
  });
});
