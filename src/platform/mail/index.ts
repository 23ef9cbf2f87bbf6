/**
 * Outbound messages: e-mail over SMTP, SMS through an `SmsSender`, both sent by the `message.send`
 * job so that a message is enqueued in the transaction of the change it reports (`enqueueMessage`)
 * and recorded in `outbound_messages`, the delivery log staff see. Recipients and bodies are never
 * logged. Without SMTP_URL a local mail catcher receives the e-mail (development and demo).
 */
import path from 'node:path';
import { createMailCatcher, type MailCatcher } from './catcher.js';
import { createSmtpMailer, type Mailer } from './mailer.js';
import { createLogSms, type SmsSender } from './sms.js';

export { createMailCatcher } from './catcher.js';
export type { CaughtMail, MailCatcher } from './catcher.js';
export { createSmtpMailer } from './mailer.js';
export type { MailAttachment, Mailer, MailMessage } from './mailer.js';
export { enqueueMessage, mailJobHandlers, MAX_ATTACHMENT_BYTES, MESSAGE_SEND } from './messages.js';
export type { OutgoingMessage } from './messages.js';
export { createLogSms } from './sms.js';
export type { SmsMessage, SmsSender } from './sms.js';

/** The process's senders; `catcher` is set when no SMTP_URL was configured. */
export interface Messaging {
  mailer: Mailer;
  sms: SmsSender;
  catcher: MailCatcher | undefined;
  close(): Promise<void>;
}

/**
 * Builds the senders from the configuration: SMTP to `smtpUrl`, or — when it is unset — to an
 * in-process mail catcher on a free loopback port storing messages under DATA_DIR/mail. SMS goes to
 * DATA_DIR/sms/sms.log until a gateway implementing `SmsSender` is wired in.
 */
export async function createMessaging(config: { smtpUrl: string | undefined; mailFrom: string; dataDir: string }): Promise<Messaging> {
  const sms = createLogSms(path.join(config.dataDir, 'sms'));
  if (config.smtpUrl) {
    const mailer = createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom });
    return { mailer, sms, catcher: undefined, close: async () => mailer.close() };
  }
  const catcher = await createMailCatcher({ dir: path.join(config.dataDir, 'mail') });
  const mailer = createSmtpMailer({ url: `smtp://${catcher.host}:${catcher.port}`, from: config.mailFrom });
  return {
    mailer,
    sms,
    catcher,
    async close() {
      mailer.close();
      await catcher.close();
    },
  };
}
