import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { textToDocx } from '../files/docx.js';
import { createJobRunner, type JobLogger } from '../jobs/index.js';
import { createTestDatabase, type TestDatabase } from '#test/db.js';
import { createLogSms, createMailCatcher, createSmtpMailer, enqueueMessage, mailJobHandlers, MESSAGE_SEND, type MailCatcher } from './index.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function captureLogger(): JobLogger & { text(): string } {
  const lines: string[] = [];
  const push = (obj: object, msg: string) => lines.push(JSON.stringify({ ...obj, msg }));
  return { text: () => lines.join('\n'), info: push, warn: push, error: push };
}

describe('message.send jobs', () => {
  let tdb: TestDatabase;
  let dir: string;
  let catcher: MailCatcher;
  let mailer: ReturnType<typeof createSmtpMailer>;
  before(async () => {
    tdb = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-messages-'));
    catcher = await createMailCatcher({ dir: path.join(dir, 'mail') });
    mailer = createSmtpMailer({ url: `smtp://${catcher.host}:${catcher.port}`, from: '示范市政务公开 <noreply@localhost>' });
  });
  after(async () => {
    mailer.close();
    await catcher.close();
    await tdb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await sql`DELETE FROM jobs`.execute(tdb.db);
    await sql`DELETE FROM outbound_messages`.execute(tdb.db);
  });
  const sms = () => createLogSms(path.join(dir, 'sms'));

  it('sends an e-mail with attachment and an SMS after commit, logs the delivery, and logs no contact data', async () => {
    const logger = captureLogger();
    const runner = createJobRunner({ db: tdb.db, clock: { now: () => new Date() }, logger, handlers: mailJobHandlers({ db: tdb.db, mailer, sms: sms() }) });
    const docx = textToDocx('告知书', '您的申请已受理。');

    await tdb.db.transaction().execute(async (tx) => {
      await enqueueMessage(tx, { channel: 'email', to: 'zhao.liu@example.cn', subject: '申请已受理（2026-0042号）', text: '赵六您好：您的申请已受理。', attachments: [{ filename: '受理告知书.docx', content: docx, contentType: DOCX }], related: 'request:42' });
      await enqueueMessage(tx, { channel: 'sms', to: '13700137000', text: '您的申请2026-0042号已受理', related: 'request:42' });
    });
    assert.equal(await runner.runDue(), 2);

    const mail = await catcher.waitFor((m) => m.subject === '申请已受理（2026-0042号）');
    assert.deepEqual(mail.to, ['zhao.liu@example.cn']);
    assert.ok(mail.attachments[0]!.content.equals(docx));
    assert.ok(fs.readFileSync(path.join(dir, 'sms', 'sms.log'), 'utf8').includes('13700137000'));
    const rows = await tdb.db.selectFrom('outboundMessages').selectAll().orderBy('channel').execute();
    assert.deepEqual(rows.map((r) => [r.channel, r.recipient, r.status, r.related]), [['email', 'zhao.liu@example.cn', 'sent', 'request:42'], ['sms', '13700137000', 'sent', 'request:42']]);
    assert.ok(rows.every((r) => r.jobId !== null && r.sentAt instanceof Date));
    const log = logger.text();
    assert.ok(log.includes('request:42'));
    for (const secret of ['zhao.liu', '13700137000', '赵六', '已受理']) assert.ok(!log.includes(secret), `log leaks ${secret}: ${log}`);
  });

  it('sends nothing for a transaction that rolls back', async () => {
    const runner = createJobRunner({ db: tdb.db, clock: { now: () => new Date() }, handlers: mailJobHandlers({ db: tdb.db, mailer, sms: sms() }) });

    await tdb.db
      .transaction()
      .execute(async (tx) => {
        await enqueueMessage(tx, { channel: 'email', to: 'x@example.cn', subject: 'rolled back', text: 'x' });
        throw new Error('change refused');
      })
      .catch(() => undefined);

    assert.equal(await runner.runDue(), 0);
    assert.ok(!catcher.messages().some((m) => m.subject === 'rolled back'));
  });

  it('does not send again when the job runs twice after its delivery was logged', async () => {
    const handler = mailJobHandlers({ db: tdb.db, mailer, sms: sms() })[MESSAGE_SEND]!;
    const payload = { channel: 'email', to: 'a@example.cn', subject: 'once only', text: 'x' };
    const ctx = { jobId: '999', kind: MESSAGE_SEND, attempt: 1, maxAttempts: 8, finalAttempt: false };

    await handler(payload, ctx);
    await handler(payload, { ...ctx, attempt: 2 });

    await catcher.waitFor((m) => m.subject === 'once only');
    assert.equal(catcher.messages().filter((m) => m.subject === 'once only').length, 1);
    assert.equal((await tdb.db.selectFrom('outboundMessages').select('id').execute()).length, 1);
  });

  it('records a failed delivery once the attempts are exhausted, without the address in the log or error', async () => {
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset) };
    const logger = captureLogger();
    const refusing = { send: () => Promise.reject(new Error('550 5.1.1 <qian.qi@example.cn>: Recipient address rejected')) };
    const runner = createJobRunner({ db: tdb.db, clock, logger, handlers: mailJobHandlers({ db: tdb.db, mailer: refusing, sms: sms() }) });
    await enqueueMessage(tdb.db, { channel: 'email', to: 'qian.qi@example.cn', subject: '答复', text: '正文', related: 'request:9' });

    for (let i = 0; i < 8; i++) {
      assert.equal(await runner.runDue(), 1, `attempt ${i + 1}`);
      offset += 3_600_001;
    }

    const rows = await tdb.db.selectFrom('outboundMessages').selectAll().execute();
    assert.deepEqual(rows.map((r) => [r.status, r.recipient, r.related]), [['failed', 'qian.qi@example.cn', 'request:9']]);
    assert.match(rows[0]!.error!, /550 5\.1\.1 <\[address\]>/);
    const job = await tdb.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.ok(job.failedAt instanceof Date);
    assert.ok(!logger.text().includes('qian.qi'), logger.text());
  });

  it('fails a malformed payload at once, and refuses oversized attachments when enqueuing', async () => {
    const runner = createJobRunner({ db: tdb.db, clock: { now: () => new Date() }, handlers: mailJobHandlers({ db: tdb.db, mailer, sms: sms() }) });
    // Due a second ago: PostgreSQL's now() has microseconds, the runner's clock milliseconds, so a job
    // inserted "now" can be a fraction of a millisecond in the runner's future.
    await sql`INSERT INTO jobs (kind, payload, run_at) VALUES (${MESSAGE_SEND}, '{"channel":"fax"}'::jsonb, now() - interval '1 second')`.execute(tdb.db);

    assert.equal(await runner.runDue(), 1);
    const job = await tdb.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.ok(job.failedAt instanceof Date && job.attempts === 1);

    await assert.rejects(
      enqueueMessage(tdb.db, { channel: 'email', to: 'a@example.cn', subject: 'big', text: 'x', attachments: [{ filename: 'big.pdf', contentType: 'application/pdf', content: Buffer.alloc(5 * 1_048_576 + 1) }] }),
      /exceed/,
    );
    await assert.rejects(enqueueMessage(tdb.db, { channel: 'email', to: 'a@example.cn', text: 'no subject' }), /subject/);
  });
});
