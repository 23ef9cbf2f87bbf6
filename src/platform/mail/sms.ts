import fs from 'node:fs';
import path from 'node:path';

/** One text message. */
export interface SmsMessage {
  to: string;
  text: string;
}

/**
 * Sends SMS. A real gateway (the city's 短信平台 or a carrier's API) implements this interface and
 * is passed to `mailJobHandlers` in place of the development sender; `send` throws to be retried.
 */
export interface SmsSender {
  send(msg: SmsMessage): Promise<void>;
}

/**
 * The development sender: appends each message as one JSON line to `<dir>/sms.log` instead of
 * sending it. That file holds phone numbers and texts, so it is for development and demos only.
 */
export function createLogSms(dir: string): SmsSender {
  const file = path.join(dir, 'sms.log');
  return {
    async send(msg) {
      await fs.promises.mkdir(dir, { recursive: true });
      await fs.promises.appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), to: msg.to, text: msg.text })}\n`, { mode: 0o600 });
    },
  };
}
