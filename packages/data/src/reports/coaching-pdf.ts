import PDFDocument from 'pdfkit';
import type { CoachingReport, ConversationDetail, Evidence } from '@vigil/contracts';

/**
 * A coaching report as a printable PDF (A4), drawn with pdfkit's text and vector API from the
 * report's numbers: no browser, no images. Conversation text is untrusted but a PDF only ever
 * shows it as text. The standard Helvetica font covers Latin-1 (WinAnsi): letters outside it are
 * written without their accents where they have a plain form, else as "?".
 */

const MARGIN = 48;
const INK = '#1f2933';
const MUTED = '#5b6675';
const RULE = '#d9dee5';
const SUBJECT = '#2f6db3';
const COMPARISON = '#9aa5b1';
const GOOD = '#2e8540';
const BAD = '#c0392b';
const MARK = '#8a4b00';

/** How many messages of an example conversation the report prints, and how much of each. */
const EXAMPLE_MESSAGES = 8;
const MESSAGE_CHARS = 400;

/** Text Helvetica can set: accents dropped where that leaves Latin-1, anything else as "?". */
export function printable(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff]/gu, (ch) => {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      return /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(plain) ? plain : '?';
    });
}

const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);
const score = (value: number | null) => (value === null ? '-' : value.toFixed(1));
const day = (iso: string) => iso.slice(0, 10);

/** The report's period as people say it: `to` is exclusive, so the last day is the day before. */
function periodOf(report: CoachingReport): string {
  const last = new Date(Date.parse(report.query.to) - 1).toISOString();
  return `${day(report.query.from)} to ${day(last)}`;
}

/** Spans of a message's text with whether evidence covers them, in order. */
export function evidenceSegments(
  text: string,
  evidence: Evidence[],
): Array<{ text: string; marked: boolean }> {
  const marked = new Array<boolean>(text.length).fill(false);
  for (const e of evidence)
    for (let i = Math.max(0, e.start); i < Math.min(text.length, e.end); i++) marked[i] = true;
  const segments: Array<{ text: string; marked: boolean }> = [];
  for (let i = 0; i < text.length;) {
    let j = i;
    while (j < text.length && marked[j] === marked[i]) j++;
    segments.push({ text: text.slice(i, j), marked: marked[i]! });
    i = j;
  }
  return segments;
}

export function coachingPdf(report: CoachingReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: printable(`Coaching report: ${report.subject.name}`),
      Author: 'Vigil',
      Subject: periodOf(report),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new CoachingPdf(doc, report).draw();
  doc.end();
  return done;
}

class CoachingPdf {
  private readonly width: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly report: CoachingReport,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  draw(): void {
    this.header();
    this.summary();
    this.qaChart();
    this.criteria();
    this.outcomesAndTopics();
    this.notes();
    this.examples('Best example conversations', this.report.best);
    this.examples('Conversations to coach from', this.report.worst);
    this.footers();
  }

  private text(value: string, options: PDFKit.Mixins.TextOptions = {}): this {
    this.doc.text(printable(value), options);
    return this;
  }

  /** A new page when less than `height` is left on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  private heading(title: string): void {
    this.room(60);
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(INK);
    this.text(title, { width: this.width });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + 6;
    this.doc.font('Helvetica').fontSize(10).fillColor(INK);
  }

  private header(): void {
    const { subject, comparison } = this.report;
    const doc = this.doc;
    doc.font('Helvetica').fontSize(10).fillColor(MUTED);
    this.text(`Vigil coaching report - ${subject.kind}`);
    doc.font('Helvetica-Bold').fontSize(22).fillColor(INK);
    this.text(subject.name);
    doc.font('Helvetica').fontSize(10).fillColor(MUTED);
    const id = subject.kind === 'agent' && subject.name !== subject.id ? ` (${subject.id})` : '';
    this.text(`${periodOf(this.report)}${id} - compared with ${comparison.name}`);
    this.text(`Generated ${this.report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  }

  /** Four figures side by side. */
  private summary(): void {
    const r = this.report;
    const o = r.sentimentOutcomes;
    const known = o.improved + o.unchanged + o.worsened;
    const tiles: Array<[string, string, string]> = [
      ['Conversations', String(r.conversations), 'scored in the period'],
      ['QA score', score(r.qaScore), `${r.comparison.name}: ${score(r.comparisonQaScore)}`],
      [
        'Ended happier',
        percent(known ? o.improved / known : null),
        `${o.improved} of ${known} with a mood to compare`,
      ],
      ['Sentiment', r.sentiment === null ? '-' : r.sentiment.toFixed(2), 'customer average, -1 to +1'],
    ];
    const doc = this.doc;
    const top = doc.y + 14;
    const w = this.width / tiles.length;
    tiles.forEach(([label, value, hint], i) => {
      const x = MARGIN + i * w;
      doc
        .roundedRect(x, top, w - 8, 62, 4)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor(MUTED)
        .text(printable(label), x + 8, top + 8, { width: w - 24 });
      doc
        .font('Helvetica-Bold')
        .fontSize(18)
        .fillColor(INK)
        .text(printable(value), x + 8, top + 20, { width: w - 24 });
      doc
        .font('Helvetica')
        .fontSize(7)
        .fillColor(MUTED)
        .text(printable(hint), x + 8, top + 44, { width: w - 24 });
    });
    doc.x = MARGIN;
    doc.y = top + 70;
  }

  /** The QA score per day, the subject's line against the comparison's, on a 0-100 scale. */
  private qaChart(): void {
    this.heading('QA score per day');
    const doc = this.doc;
    const series = this.report.series;
    const height = 150;
    const left = MARGIN + 26;
    const width = this.width - 26;
    const top = doc.y + 6;
    const bottom = top + height;
    doc.font('Helvetica').fontSize(7).fillColor(MUTED);
    for (const v of [0, 25, 50, 75, 100]) {
      const y = bottom - (v / 100) * height;
      doc
        .moveTo(left, y)
        .lineTo(left + width, y)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      doc.text(String(v), MARGIN, y - 3, { width: 20, align: 'right' });
    }
    const step = series.length > 1 ? width / (series.length - 1) : 0;
    const xOf = (i: number) => (series.length > 1 ? left + i * step : left + width / 2);
    const yOf = (v: number) => bottom - (Math.max(0, Math.min(100, v)) / 100) * height;
    const line = (values: Array<number | null>, color: string, dash: boolean) => {
      let drawing = false;
      values.forEach((v, i) => {
        if (v === null) {
          drawing = false;
          return;
        }
        if (drawing) doc.lineTo(xOf(i), yOf(v));
        else doc.moveTo(xOf(i), yOf(v));
        drawing = true;
      });
      if (dash) doc.dash(3, { space: 2 });
      doc.lineWidth(1.6).strokeColor(color).stroke();
      doc.undash();
      values.forEach((v, i) => {
        if (v !== null) doc.circle(xOf(i), yOf(v), 1.8).fillColor(color).fill();
      });
    };
    line(
      series.map((p) => p.comparisonQaScore),
      COMPARISON,
      true,
    );
    line(
      series.map((p) => p.qaScore),
      SUBJECT,
      false,
    );
    // A few dates along the bottom.
    const every = Math.max(1, Math.ceil(series.length / 7));
    doc.fillColor(MUTED);
    series.forEach((p, i) => {
      if (i % every === 0)
        doc.text(day(p.t).slice(5), xOf(i) - 15, bottom + 4, { width: 30, align: 'center' });
    });
    const legendY = bottom + 16;
    doc
      .rect(left, legendY + 2, 10, 3)
      .fillColor(SUBJECT)
      .fill();
    doc.fillColor(INK).text(printable(this.report.subject.name), left + 14, legendY, { width: 200 });
    doc
      .rect(left + 220, legendY + 2, 10, 3)
      .fillColor(COMPARISON)
      .fill();
    doc.fillColor(INK).text(printable(this.report.comparison.name), left + 234, legendY, { width: 200 });
    doc.x = MARGIN;
    doc.y = legendY + 14;
    if (series.every((p) => p.qaScore === null)) {
      doc.fillColor(MUTED).fontSize(9);
      this.text('No QA score in this period.');
    }
  }

  /** Each criterion's met rate as a bar, with the comparison's rate as a tick. */
  private criteria(): void {
    this.heading('QA criteria: how often each was met');
    const doc = this.doc;
    const r = this.report;
    const labelW = 150;
    const barX = MARGIN + labelW + 8;
    const barW = 180;
    const figuresX = barX + barW + 10;
    const labelOf = new Map(r.criteria.map((c) => [c.key, c.label]));
    for (const c of r.criteria) {
      doc.font('Helvetica').fontSize(9);
      // A long label wraps: the row is as tall as its label.
      const rowHeight = Math.max(16, doc.heightOfString(printable(c.label), { width: labelW }) + 5);
      this.room(rowHeight + 2);
      const y = doc.y;
      doc.fillColor(INK).text(printable(c.label), MARGIN, y, { width: labelW });
      doc.rect(barX, y, barW, 9).fillColor('#eef1f5').fill();
      if (c.rate !== null) {
        const color = c.rate >= 0.8 ? GOOD : c.rate >= 0.5 ? SUBJECT : BAD;
        doc
          .rect(barX, y, barW * c.rate, 9)
          .fillColor(color)
          .fill();
      }
      if (c.comparisonRate !== null) {
        const x = barX + barW * c.comparisonRate;
        doc
          .moveTo(x, y - 2)
          .lineTo(x, y + 11)
          .lineWidth(1.2)
          .strokeColor(INK)
          .stroke();
      }
      doc
        .fontSize(8)
        .fillColor(MUTED)
        .text(
          printable(
            c.met + c.notMet
              ? `${percent(c.rate)} of ${c.met + c.notMet} | ${r.comparison.name}: ${percent(c.comparisonRate)}`
              : 'did not apply in this period',
          ),
          figuresX,
          y + 1,
          { width: MARGIN + this.width - figuresX },
        );
      doc.x = MARGIN;
      doc.y = y + rowHeight;
    }
    doc.fontSize(8).fillColor(MUTED);
    this.text("The black tick on each bar is the comparison's rate.", { width: this.width });
    const names = (keys: string[]) =>
      keys
        .slice(0, 3)
        .map((k) => {
          const c = r.criteria.find((x) => x.key === k)!;
          return `${labelOf.get(k)} (${percent(c.rate)})`;
        })
        .join(', ') || '-';
    doc.moveDown(0.5).fontSize(10).font('Helvetica-Bold').fillColor(GOOD);
    this.text('Strongest: ', { continued: true }).doc.font('Helvetica').fillColor(INK);
    this.text(names(r.strongest));
    doc.font('Helvetica-Bold').fillColor(BAD);
    this.text('Weakest: ', { continued: true }).doc.font('Helvetica').fillColor(INK);
    this.text(names(r.weakest));
  }

  private outcomesAndTopics(): void {
    this.heading('Customer mood, topics and flags');
    const doc = this.doc;
    const o = this.report.sentimentOutcomes;
    const parts: Array<[string, number, string]> = [
      ['ended happier', o.improved, GOOD],
      ['no change', o.unchanged, COMPARISON],
      ['ended less happy', o.worsened, BAD],
      ['nothing to compare', o.unknown, '#e4e7eb'],
    ];
    const total = parts.reduce((n, [, v]) => n + v, 0);
    const top = doc.y + 2;
    let x = MARGIN;
    for (const [, value, color] of parts) {
      const w = total ? (value / total) * this.width : 0;
      if (w > 0) doc.rect(x, top, w, 12).fillColor(color).fill();
      x += w;
    }
    doc.y = top + 18;
    doc.font('Helvetica').fontSize(9).fillColor(INK);
    this.text(
      `From the customer's first to last opinionated message: ${parts
        .map(([label, value]) => `${value} ${label}`)
        .join(', ')}.`,
      { width: this.width },
    );
    doc.moveDown(0.6).font('Helvetica-Bold');
    this.text('Topics handled');
    doc.font('Helvetica');
    if (!this.report.topics.length) this.text('No topic assigned in this period.');
    for (const t of this.report.topics)
      this.text(`${t.label}: ${t.conversations} conversations`, { indent: 10 });
    doc.moveDown(0.6).font('Helvetica-Bold');
    this.text('Flags');
    doc.font('Helvetica');
    const flags = this.report.flags;
    this.text(
      flags.conversations
        ? `${flags.conversations} of ${this.report.conversations} conversations flagged:`
        : 'No conversation flagged.',
    );
    for (const f of flags.byRule) {
      this.text(
        `${f.label} (${f.severity}): ${f.count}, ${f.confirmed} confirmed, ${f.dismissed} dismissed`,
        {
          indent: 10,
        },
      );
    }
  }

  private notes(): void {
    if (this.report.subject.kind !== 'agent') return;
    this.heading('Notes and goals');
    const doc = this.doc;
    if (!this.report.notes.length) {
      doc.fillColor(MUTED);
      this.text('None yet.');
      doc.fillColor(INK);
      return;
    }
    for (const n of this.report.notes) {
      this.room(40);
      doc
        .font('Helvetica-Bold')
        .fontSize(9)
        .fillColor(n.kind === 'goal' ? SUBJECT : INK);
      this.text(`${n.kind === 'goal' ? 'Goal' : 'Note'} - ${n.author}, ${day(n.createdAt)}`);
      doc.font('Helvetica').fontSize(10).fillColor(INK);
      this.text(n.text, { width: this.width, indent: 10 });
      doc.moveDown(0.4);
    }
  }

  private examples(title: string, conversations: ConversationDetail[]): void {
    if (!conversations.length) return;
    this.doc.addPage();
    this.heading(title);
    for (const c of conversations) this.example(c);
  }

  /** One conversation: its QA outcomes with reasons, then its messages with the QA evidence marked. */
  private example(c: ConversationDetail): void {
    const doc = this.doc;
    this.room(120);
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK);
    this.text(`${c.externalId} - QA score ${score(c.qaScore)}`);
    doc.font('Helvetica').fontSize(8).fillColor(MUTED);
    this.text(`${c.channel}, ${c.team ?? 'no team'}, ended ${c.endedAt.slice(0, 16).replace('T', ' ')} UTC`);
    doc.moveDown(0.3);
    const qa = c.scores.qa;
    for (const criterion of qa?.result.criteria ?? []) {
      if (criterion.outcome === 'not_applicable') continue;
      this.room(14);
      const met = criterion.outcome === 'met';
      doc
        .font('Helvetica-Bold')
        .fontSize(8.5)
        .fillColor(met ? GOOD : BAD);
      this.text(`${met ? 'Met' : 'Not met'}: ${criterion.label}`, { continued: true, width: this.width });
      doc.font('Helvetica').fillColor(MUTED);
      this.text(` - ${criterion.reason}`);
    }
    doc.moveDown(0.4);
    const evidence = (qa?.evidence ?? []).filter((e) => e.target.kind === 'criterion');
    const messages = c.conversation.messages.slice(0, EXAMPLE_MESSAGES);
    messages.forEach((m, index) => {
      this.room(30);
      doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
      this.text(m.role === 'customer' ? 'Customer' : m.role === 'agent' ? 'Agent' : m.role);
      const text = m.text.length > MESSAGE_CHARS ? `${m.text.slice(0, MESSAGE_CHARS)}...` : m.text;
      const segments = evidenceSegments(
        text,
        evidence.filter((e) => e.messageIndex === index),
      );
      doc.fontSize(9.5).fillColor(INK);
      segments.forEach((s, i) => {
        const last = i === segments.length - 1;
        // Evidence: bold, coloured and underlined, so it survives a black-and-white printer.
        doc.font(s.marked ? 'Helvetica-Bold' : 'Helvetica').fillColor(s.marked ? MARK : INK);
        this.text(s.text, {
          continued: !last,
          width: this.width - 10,
          indent: i === 0 ? 10 : 0,
          underline: s.marked,
        });
      });
      doc.moveDown(0.3);
    });
    if (c.conversation.messages.length > EXAMPLE_MESSAGES) {
      doc.fontSize(8).fillColor(MUTED);
      this.text(`... ${c.conversation.messages.length - EXAMPLE_MESSAGES} more messages`);
    }
    doc.font('Helvetica').fillColor(INK).moveDown(1);
  }

  /** "Page n of m" and the subject on every page. */
  private footers(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would add a page: lift the margin while writing the footer.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font('Helvetica')
        .fontSize(7.5)
        .fillColor(MUTED)
        .text(
          printable(`${this.report.subject.name} - ${periodOf(this.report)} - page ${i + 1} of ${count}`),
          MARGIN,
          doc.page.height - MARGIN + 16,
          { width: this.width, align: 'center', lineBreak: false },
        );
      doc.page.margins.bottom = bottom;
    }
  }
}
