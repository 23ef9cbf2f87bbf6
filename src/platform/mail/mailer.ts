import nodemailer from 'nodemailer';

/** A file sent with an e-mail. */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One e-mail to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

/** Sends e-mail; `send` resolves once the SMTP server has accepted the message. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}

/**
 * A mailer over SMTP (nodemailer): `url` like `smtp://user:pass@host:587` (STARTTLS when offered)
 * or `smtps://user:pass@host:465`. `from` is the sender, e.g. `示范市政务公开 <noreply@example.gov.cn>`.
 */
export function createSmtpMailer(opts: { url: string; from: string }): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(opts.url);
  return {
    async send(msg) {
      await transport.sendMail({
        from: opts.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        ...(msg.html !== undefined ? { html: msg.html } : {}),
        attachments: (msg.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
    },
    close() {
      transport.close();
    },
  };
}
