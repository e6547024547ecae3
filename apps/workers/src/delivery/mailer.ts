import nodemailer, { type Transporter } from 'nodemailer';

/** One e-mail: plain text always (html optional), attachments as buffers. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Sends e-mail over SMTP (VIGIL_SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465;
 * STARTTLS is used when the server offers it), from VIGIL_SMTP_FROM. A refused message rejects.
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
      attachments: message.attachments,
    });
  }

  /** Closes the transport's connections (at shutdown). */
  close(): void {
    this.transport.close();
  }
}
