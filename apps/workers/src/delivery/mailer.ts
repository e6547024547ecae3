import nodemailer, { type Transporter } from 'nodemailer';

/** A file sent with a message (a report's PDF). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One e-mail: plain text always (every client reads it), HTML optionally. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

/**
 * Sends e-mail through the operator's SMTP server (VIGIL_SMTP_URL, e.g.
 * `smtps://user:password@mail.example.com:465`), from VIGIL_SMTP_FROM. One pooled transport per
 * workers process: scheduled reports and alerts send several messages in a row.
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(options: { url: string; from: string }) {
    this.transport = nodemailer.createTransport(options.url);
    this.from = options.from;
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    });
  }

  /** Closes the transport's connections (at shutdown). */
  close(): void {
    this.transport.close();
  }
}
