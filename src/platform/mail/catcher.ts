import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An e-mail received by the catcher, parsed. */
export interface CaughtMail {
  /** The `.eml` file it was stored in. */
  file: string;
  date: Date;
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

/** A local SMTP server that accepts everything and keeps it (development, demo and tests). */
export interface MailCatcher {
  port: number;
  host: string;
  /** The messages received so far (the latest 500), oldest first. */
  messages(): CaughtMail[];
  /** The first message, received or to come, that matches `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

const KEEP = 500;

/**
 * Starts a mail catcher: an SMTP server (smtp-server) without TLS, accepting any sign-in and any
 * recipient, that stores each message as `<dir>/<timestamp>-<n>.eml` and keeps it parsed in memory.
 * Never expose it beyond loopback: it is a development tool, not a mail server.
 */
export async function createMailCatcher(opts: { dir: string; port?: number; host?: string }): Promise<MailCatcher> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const host = opts.host ?? '127.0.0.1';
  const caught: CaughtMail[] = [];
  const waiters = new Set<{ pred: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void }>();
  let n = 0;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: 40 * 1_048_576,
    logger: false,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username ?? 'anyone' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => cb(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const file = path.join(opts.dir, `${Date.now()}-${++n}.eml`);
        fs.promises
          .writeFile(file, raw)
          .then(() => simpleParser(raw))
          .then((parsed) => {
            const mail: CaughtMail = {
              file,
              date: parsed.date ?? new Date(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size, content: a.content })),
            };
            caught.push(mail);
            if (caught.length > KEEP) caught.shift();
            for (const w of waiters) {
              if (w.pred(mail)) {
                waiters.delete(w);
                w.resolve(mail);
              }
            }
            cb();
          })
          .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    host,
    messages: () => [...caught],
    waitFor(pred, timeoutMs = 5000) {
      const found = caught.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          pred,
          resolve: (m: CaughtMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
