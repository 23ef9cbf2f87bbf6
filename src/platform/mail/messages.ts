import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { enqueue, PermanentJobError, redactContacts, type JobContext, type JobHandler } from '../jobs/index.js';
import type { MailAttachment, Mailer } from './mailer.js';
import type { SmsSender } from './sms.js';

/** The job kind that sends one e-mail or SMS and records it in `outbound_messages`. */
export const MESSAGE_SEND = 'message.send';
/** Largest total size of an e-mail's attachments (they travel base64 in the job payload). */
export const MAX_ATTACHMENT_BYTES = 5 * 1_048_576;

/** A message to send after the current transaction commits. */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  /** Required for e-mail; ignored for SMS. */
  subject?: string;
  text: string;
  html?: string;
  /** E-mail only; at most MAX_ATTACHMENT_BYTES in total. */
  attachments?: MailAttachment[];
  /** What the message is about, e.g. `request:123`: logged and shown in the delivery log. */
  related?: string;
  runAt?: Date;
  /** Makes enqueueing idempotent (e.g. `reminder:request:123:2026-12-01`). */
  dedupeKey?: string;
}

const Payload = z.object({
  channel: z.enum(['email', 'sms']),
  to: z.string().min(1).max(320),
  subject: z.string().max(998).optional(),
  text: z.string(),
  html: z.string().optional(),
  attachments: z.array(z.object({ filename: z.string().min(1).max(255), contentType: z.string().min(1).max(255), base64: z.string() })).optional(),
  related: z.string().max(200).optional(),
});
type Payload = z.infer<typeof Payload>;

/**
 * Enqueues an e-mail or SMS in `tx`, the transaction of the change it reports: it is sent only if
 * that transaction commits. Throws on an e-mail without subject or with attachments over 5 MB.
 */
export async function enqueueMessage(tx: Kysely<DB> | Transaction<DB>, msg: OutgoingMessage): Promise<void> {
  if (msg.channel === 'email' && !msg.subject) throw new Error('an e-mail needs a subject');
  const attachments = msg.channel === 'email' ? (msg.attachments ?? []) : [];
  const total = attachments.reduce((sum, a) => sum + a.content.length, 0);
  if (total > MAX_ATTACHMENT_BYTES) throw new Error(`attachments of ${total} bytes exceed the ${MAX_ATTACHMENT_BYTES}-byte limit of a queued e-mail`);
  const payload: Payload = {
    channel: msg.channel,
    to: msg.to,
    text: msg.text,
    ...(msg.channel === 'email' ? { subject: msg.subject } : {}),
    ...(msg.html !== undefined && msg.channel === 'email' ? { html: msg.html } : {}),
    ...(attachments.length > 0 ? { attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, base64: a.content.toString('base64') })) } : {}),
    ...(msg.related !== undefined ? { related: msg.related } : {}),
  };
  await enqueue(tx, {
    kind: MESSAGE_SEND,
    payload,
    ...(msg.runAt ? { runAt: msg.runAt } : {}),
    ...(msg.dedupeKey !== undefined ? { dedupeKey: msg.dedupeKey } : {}),
  });
}

/**
 * The handler of `message.send`. Idempotent per job: a job whose message is already logged as sent
 * is not sent again (a crash between the SMTP hand-over and the log row can still send twice —
 * at least once, never silently lost). Each sent message gets a `sent` row in `outbound_messages`;
 * when the last attempt fails (or the payload is malformed) a `failed` row records the error,
 * contact details removed from it. Failures before the last attempt are retried, not recorded.
 */
export function mailJobHandlers(deps: { db: Kysely<DB>; mailer: Mailer; sms: SmsSender }): Record<string, JobHandler> {
  const { db } = deps;
  const record = async (p: Payload, ctx: JobContext, status: 'sent' | 'failed', error?: string) => {
    await db
      .insertInto('outboundMessages')
      .values({ channel: p.channel, recipient: p.to, subject: p.subject ?? null, body: p.text, status, error: error ?? null, jobId: ctx.jobId, related: p.related ?? null })
      .execute();
  };
  const send = async (p: Payload) => {
    if (p.channel === 'sms') {
      await deps.sms.send({ to: p.to, text: p.text });
      return;
    }
    await deps.mailer.send({
      to: p.to,
      subject: p.subject ?? '',
      text: p.text,
      ...(p.html !== undefined ? { html: p.html } : {}),
      attachments: (p.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.base64, 'base64') })),
    });
  };
  return {
    async [MESSAGE_SEND](raw, ctx) {
      const parsed = Payload.safeParse(raw);
      if (!parsed.success) throw new PermanentJobError(`malformed ${MESSAGE_SEND} payload: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      const p = parsed.data;
      const already = await db.selectFrom('outboundMessages').select('id').where('jobId', '=', ctx.jobId).where('status', '=', 'sent').executeTakeFirst();
      if (already) return;
      try {
        await send(p);
      } catch (err) {
        if (ctx.finalAttempt) await record(p, ctx, 'failed', redactContacts(err instanceof Error ? err.message : String(err)).slice(0, 1000));
        throw err;
      }
      await record(p, ctx, 'sent');
    },
  };
}
