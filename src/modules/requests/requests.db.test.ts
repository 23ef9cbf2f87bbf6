import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemActor, type Actor, type Role, type UserActor } from '#platform/actor.js';
import { DomainError, Forbidden, InvalidState, NotFound, ValidationFailed } from '#platform/errors.js';
import { extractText } from '#platform/files/extract.js';
import { findCjkFont } from '#platform/files/pdf.js';
import { makeCreditCode } from '#platform/ids.js';
import { createJobRunner, type JobLogger, type JobRunner } from '#platform/jobs/index.js';
import { createLogSms, createMailCatcher, createSmtpMailer, mailJobHandlers, type CaughtMail, type MailCatcher } from '#platform/mail/index.js';
import { idCheckChar } from '#modules/screening/index.js';
import { buildTestApp, fixedClock, PASSWORD, seedSmallCity, type TestApp } from '#test/app.js';
import { table3, table3Problems, table4 } from './figures.js';
import { maskName } from './requests.service.js';

/**
 * The 依申请公开 service against a real database, on a fixed clock. Every expected deadline below
 * is counted by hand from the 2026 arrangement (国办发明电〔2025〕7号, ogi-rules §1.11): holidays
 * Jan 1–3, Feb 15–23, Apr 4–6, May 1–5, Jun 19–21, Sep 25–27, Oct 1–7; working weekends Jan 4,
 * Feb 14, Feb 28, May 9, Sep 20, Oct 10. The receipt day is not counted.
 */

const PDF = fs.readFileSync(new URL('../../../test/fixtures/files/notice-zh.pdf', import.meta.url));
const HAS_CJK_FONT = (() => {
  try {
    findCjkFont();
    return true;
  } catch {
    return false;
  }
})();

/** 10:00 China time on a civil date (or another time). */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

/** A valid 18-digit resident ID number: 110105 (北京市朝阳区), born 1985-06-12, sequence `n`. */
function residentId(n: number): string {
  const first17 = `11010519850612${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
}
const creditCode = (n: number) => makeCreditCode('91110108', `1000${String(n).padStart(4, '0')}`);

/** The error a promise rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  assert.fail('expected the call to be refused');
}
const CJK = /[\u4e00-\u9fff]/;

function captureLogger(): JobLogger & { text(): string } {
  const lines: string[] = [];
  const push = (obj: object, msg: string) => lines.push(JSON.stringify({ ...obj, msg }));
  return { text: () => lines.join('\n'), info: push, warn: push, error: push };
}

describe('依申请公开 service', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const clock = fixedClock(at('2026-03-02'));
  const sys = systemActor('test');
  const anonymous: Actor = { kind: 'anonymous' };
  let officerA: UserActor;
  let headA: UserActor;
  let adminA: UserActor;
  let officerB: UserActor;
  let coordinator: UserActor;
  let supervisor: UserActor;
  let mailDir: string;
  let catcher: MailCatcher;
  let mailer: ReturnType<typeof createSmtpMailer>;
  let runner: JobRunner;
  const jobLog = captureLogger();

  /** A staff account with an e-mail address, and its actor as a session would build it. */
  async function staff(username: string, homeOrgId: string, roles: { orgId: string; role: Role }[]): Promise<UserActor> {
    const u = await t.c.users.provisionUser(sys, { kind: 'staff', username, displayName: username, email: `${username}@gov.example.cn`, homeOrgId, password: PASSWORD, roles });
    const grants = await t.c.db
      .selectFrom('roleGrants as g')
      .innerJoin('organisations as o', 'o.id', 'g.orgId')
      .select(['g.orgId', 'o.path as orgPath', 'g.role'])
      .where('g.userId', '=', u.id)
      .execute();
    return { kind: 'user', id: u.id, username, displayName: username, userKind: 'staff', homeOrgId, grants: grants.map((g) => ({ orgId: g.orgId, orgPath: g.orgPath, role: g.role as Role })) };
  }

  before(async () => {
    t = await buildTestApp({ clock });
    city = await seedSmallCity(t.c);
    officerA = await staff('officer-a', city.a.id, [{ orgId: city.a.id, role: 'disclosure_officer' }]);
    headA = await staff('head-a', city.a.id, [{ orgId: city.a.id, role: 'office_head' }]);
    adminA = await staff('admin-a', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }]);
    officerB = await staff('officer-b', city.b.id, [{ orgId: city.b.id, role: 'disclosure_officer' }]);
    coordinator = await staff('coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }]);
    supervisor = await staff('superv', city.city.id, [{ orgId: city.city.id, role: 'supervisor' }]);
    mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-reqmail-'));
    catcher = await createMailCatcher({ dir: path.join(mailDir, 'mail') });
    mailer = createSmtpMailer({ url: `smtp://${catcher.host}:${catcher.port}`, from: '测试市政务公开 <noreply@localhost>' });
    // Jobs are stamped with the database's now(); the runner looks a day ahead of the wall clock so that
    // everything queued so far is due whatever the service's fixed clock says.
    runner = createJobRunner({ db: t.c.db, clock: { now: () => new Date(Date.now() + 86_400_000) }, logger: jobLog, handlers: mailJobHandlers({ db: t.c.db, mailer, sms: createLogSms(path.join(mailDir, 'sms')) }) });
  });
  after(async () => {
    mailer.close();
    await catcher.close();
    await t.close();
    fs.rmSync(mailDir, { recursive: true, force: true });
  });

  const db = () => t.c.db;
  const svc = () => t.c.requests;

  /** An application by a natural person to 甲局 (override anything). */
  const person = (over: Record<string, unknown> = {}) => ({
    orgId: city.a.id,
    applicantKind: 'naturalPerson',
    applicantName: '张小明',
    idType: 'resident_id',
    idNumber: residentId(341),
    phone: '13812345678',
    email: 'zhang.xm@example.cn',
    address: '测试市人民路1号',
    postcode: '100000',
    title: '2025年度道路维修项目预算批复',
    description: '请提供2025年度本市道路维修项目的预算批复文件。',
    docRef: null,
    provisionForm: 'electronic',
    obtainMethod: 'email',
    ...over,
  });
  /** An application by an organisation (credit code `n`). */
  const organisation = (n: number, kind: string, over: Record<string, unknown> = {}) =>
    person({ applicantKind: kind, applicantName: `测试${n}号有限公司`, idType: null, idNumber: creditCode(n), contactPerson: '王经理', email: `org${n}@example.cn`, phone: '010-88886666', ...over });

  const caseRow = (id: string) => db().selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function counts() {
    const r = await sql<{ requests: string; events: string; audit: string; notices: string; jobs: string; counters: string }>`
      SELECT (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM request_events) AS events,
             (SELECT count(*) FROM audit_entries) AS audit, (SELECT count(*) FROM request_notices) AS notices,
             (SELECT count(*) FROM jobs) AS jobs, (SELECT coalesce(sum(next), 0) FROM request_counters) AS counters`.execute(db());
    return r.rows[0]!;
  }

  /** Runs one step and checks that it wrote its event and its audit entry (`request.<type>`), and nothing else of the kind. */
  async function step(id: string, type: string, run: () => Promise<unknown>) {
    const lastEvent = (await db().selectFrom('requestEvents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? '0';
    const lastAudit = (await db().selectFrom('auditEntries').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? '0';
    await run();
    const events = await db().selectFrom('requestEvents').select(['type', 'requestId']).where('id', '>', String(lastEvent)).orderBy('id').execute();
    const audits = await db().selectFrom('auditEntries').select(['action', 'subjectId']).where('seq', '>', String(lastAudit)).orderBy('seq').execute();
    assert.deepEqual(events, [{ type, requestId: id }], `${type}: one event`);
    assert.ok(audits.some((a) => a.action === `request.${type}` && a.subjectId === id), `${type}: audit entry request.${type} (got ${audits.map((a) => a.action).join(', ')})`);
  }

  async function register(over: Record<string, unknown>, reg: { channel: string; receivedOn?: string | null }, actor: Actor = officerA) {
    return svc().register(actor, { ...person(), ...over, ...reg });
  }

  /** Sends every queued message through SMTP to the catcher and waits until it has them. */
  async function deliverMail(): Promise<CaughtMail[]> {
    const before = catcher.messages().length;
    await runner.runDue();
    const sent = await db().selectFrom('outboundMessages').select((eb) => eb.fn.countAll<string>().as('n')).where('channel', '=', 'email').where('status', '=', 'sent').executeTakeFirstOrThrow();
    const deadline = Date.now() + 5000;
    while (catcher.messages().length < Number(sent.n) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return catcher.messages().slice(before);
  }

  describe('the acceptance journey', () => {
    const ID = residentId(341);
    let id = '';
    let caseNumber = '';

    it('apply → receipt → 补正 → correction → consultation → extension → partial grant → delivery → archive', async () => {
      clock.set(at('2026-03-02', '09:30'));
      const before = await counts();
      const r = await svc().apply(anonymous, person({ docRef: '测甲发〔2025〕12号' }), [], 'journey-key-0000000001');
      id = r.id;
      caseNumber = r.caseNumber;
      assert.match(caseNumber, /^DEPT-A-2026-\d{5}$/);
      assert.match(r.queryCode!, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      let row = await caseRow(id);
      assert.equal(row.status, 'submitted');
      assert.equal(row.receivedOn, null);
      assert.equal(row.dueOn, null);
      const after1 = await counts();
      assert.equal(Number(after1.requests) - Number(before.requests), 1);
      assert.deepEqual((await db().selectFrom('requestEvents').select('type').where('requestId', '=', id).execute()).map((e) => e.type), ['submitted']);
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.submitted').where('subjectId', '=', id).executeTakeFirst());

      // Receipt confirmed the same day: 20 working days from 2026-03-02 (Mon) → 2026-03-30 (Mon).
      clock.set(at('2026-03-02', '10:00'));
      await step(id, 'received', () => svc().confirmReceipt(officerA, id, { on: '2026-03-02' }));
      row = await caseRow(id);
      assert.equal(row.status, 'handling');
      assert.equal(row.receivedOn, '2026-03-02');
      assert.equal(row.dueOn, '2026-03-30');
      await step(id, 'assigned', () => svc().assign(headA, id, { assigneeId: officerA.id }));

      // 补正 on day 1 (within 7 wd): the clock stops, no deadline.
      clock.set(at('2026-03-03'));
      await step(id, 'correction-requested', () => svc().requestCorrection(officerA, id, { items: '请明确所需预算批复文件的项目名称和文号。', until: '2026-03-13' }));
      row = await caseRow(id);
      assert.equal(row.status, 'correction');
      assert.equal(row.dueOn, null);

      // The corrected application arrives on Thu 2026-03-05: 20 wd anew → 2026-04-02 (Thu).
      clock.set(at('2026-03-05'));
      await step(id, 'corrected', () => svc().recordCorrection(officerA, id, { on: '2026-03-05', note: '申请人补充了文号' }));
      row = await caseRow(id);
      assert.equal(row.status, 'handling');
      assert.equal(row.dueOn, '2026-04-02');

      // Third-party consultation from Mon 2026-03-09: paused; the third party answers within 15 wd (→ 2026-03-30).
      clock.set(at('2026-03-09'));
      await step(id, 'consultation-started', () => svc().startConsultation(officerA, id, { kind: 'third-party', party: '测试市路桥建设有限公司', infoSummary: '道路维修项目合同金额' }));
      row = await caseRow(id);
      assert.equal(row.status, 'handling');
      assert.equal(row.clockPaused, true);
      assert.equal(row.dueOn, null);
      const consultation = await db().selectFrom('requestConsultations').selectAll().where('requestId', '=', id).executeTakeFirstOrThrow();
      assert.equal(consultation.responseDue, '2026-03-30');

      // Answered on Mon 2026-03-16, 5 working days later (Mar 10–13, 16): Apr 2 + 5 wd across 清明 (Apr 4–6) → Apr 10.
      clock.set(at('2026-03-16'));
      await step(id, 'consultation-answered', () => svc().answerConsultation(officerA, id, { consultationId: consultation.id, on: '2026-03-16', answer: 'objection', note: '涉及商业秘密' }));
      row = await caseRow(id);
      assert.equal(row.clockPaused, false);
      assert.equal(row.dueOn, '2026-04-10');
      const cal = await t.c.calendar.forAgency(null);
      assert.equal(cal.workdaysBetween('2026-04-02', '2026-04-10'), 5, 'moved by exactly the paused working days');

      // Extension: only the office head; at most 20 wd; once.
      clock.set(at('2026-03-17'));
      const forbidden = await rejection(svc().extend(officerA, id, { days: 10, reason: '需要调取多个科室的档案' }));
      assert.ok(forbidden instanceof Forbidden);
      assert.match(forbidden.message, CJK);
      const tooLong = await rejection(svc().extend(headA, id, { days: 21, reason: '需要调取多个科室的档案' }));
      assert.ok(tooLong instanceof ValidationFailed);
      assert.match(tooLong.fields.days!, /最长不得超过 20 个工作日/);
      const notices0 = (await counts()).notices;
      await step(id, 'extended', () => svc().extend(headA, id, { days: 10, reason: '需要调取多个科室的档案' }));
      row = await caseRow(id);
      assert.equal(row.dueOn, '2026-04-24', 'Apr 10 + 10 wd');
      assert.equal(row.extensionDays, 10);
      const before2 = await counts();
      const again = await rejection(svc().extend(headA, id, { days: 5, reason: '仍需调取档案材料' }));
      assert.ok(again instanceof InvalidState);
      assert.match(again.message, /只能延长一次/);
      assert.deepEqual(await counts(), before2, 'a refused extension saves nothing');
      assert.equal(Number(before2.notices), Number(notices0) + 1);

      // Reply: partial grant with the released file and reasons.
      clock.set(at('2026-03-20'));
      await svc().addReleasedFile(officerA, id, { fileName: '道路维修预算批复.pdf', buffer: PDF });
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.file-added').where('subjectId', '=', id).executeTakeFirst());
      await step(id, 'replied', () => svc().reply(officerA, id, { outcome: 'partialGrant', reasons: '其中合同金额涉及第三方商业秘密，第三方不同意公开' }));
      row = await caseRow(id);
      assert.equal(row.status, 'replied');
      assert.equal(row.outcome, 'partialGrant');
      assert.equal(row.closedOn, '2026-03-20');
      assert.equal(row.dueOn, null);

      await step(id, 'delivered', () => svc().recordDelivery(officerA, id, { method: 'email', on: '2026-03-20' }));
      row = await caseRow(id);
      assert.equal(row.deliveredOn, '2026-03-20');
      clock.set(at('2026-03-23'));
      await step(id, 'archived', () => svc().archive(officerA, id));
      row = await caseRow(id);
      assert.equal(row.status, 'archived');
      assert.equal(row.dueOn, null);

      // The formal notices: DOCX always, PDF with a Chinese font.
      const notices = await db().selectFrom('requestNotices').selectAll().where('requestId', '=', id).orderBy('id').execute();
      assert.deepEqual(notices.map((n) => n.kind), ['receipt', 'correction', 'consultation', 'extension', 'reply']);
      for (const n of notices) {
        const docx = await t.c.storage.get(n.docxSha256);
        assert.equal(docx.subarray(0, 2).toString(), 'PK', `${n.kind}: DOCX`);
        if (HAS_CJK_FONT) {
          assert.ok(n.pdfSha256, `${n.kind}: PDF`);
          assert.equal((await t.c.storage.get(n.pdfSha256)).subarray(0, 5).toString(), '%PDF-');
        }
      }
      const reply = notices.at(-1)!;
      const text = (await extractText(await t.c.storage.get(reply.docxSha256), 'docx'))!;
      assert.ok(text.includes(caseNumber), 'the reply names the case');
      assert.ok(text.includes('部分公开'));
      assert.ok(text.includes('六十日') && text.includes('六个月'), 'the remedies');
      assert.ok(text.includes('道路维修预算批复'), 'the released document');
      assert.ok(!text.includes(ID), 'no ID number in the reply');
      const receipt = (await extractText(await t.c.storage.get(notices[0]!.docxSha256), 'docx'))!;
      assert.ok(receipt.includes('2026年3月30日') || receipt.includes('2026-03-30'), 'the receipt states the deadline');
    });

    it('the applicant gets one e-mail per step they can see, with no ID number anywhere in mail, SMS or logs', async () => {
      assert.ok(id, 'the journey ran');
      const mails = await deliverMail();
      const mine = mails.filter((m) => m.to.includes('zhang.xm@example.cn'));
      const visible = await db().selectFrom('requestEvents').select('type').where('requestId', '=', id).where('visible', '=', true).orderBy('id').execute();
      // Delivery records how the reply reached the applicant; it sends nothing itself.
      const expected = visible.map((e) => e.type).filter((ty) => ty !== 'delivered');
      assert.deepEqual(expected, ['submitted', 'received', 'correction-requested', 'corrected', 'consultation-started', 'consultation-answered', 'extended', 'replied']);
      // The runner sends several jobs at once, so the mails arrive in any order.
      const SUBJECTS: Record<string, string> = {
        submitted: '申请已提交',
        received: '已收到申请',
        'correction-requested': '请补正申请',
        corrected: '已收到补正材料',
        'consultation-started': '正在征求意见',
        'consultation-answered': '征求意见结束',
        extended: '答复期限延长',
        replied: '已作出答复',
      };
      const bySubject = new Map(mine.map((m) => [m.subject.replace(/^【政府信息公开申请 [^】]+】/, ''), m]));
      assert.equal(mine.length, expected.length, 'one e-mail per step');
      assert.deepEqual([...bySubject.keys()].sort(), expected.map((ty) => SUBJECTS[ty]!).sort());
      assert.ok(mine.every((m) => m.subject.includes(caseNumber)));
      assert.ok(bySubject.get('申请已提交')!.text.includes('查询码'), 'the first mail carries the query code');
      assert.ok(bySubject.get('已收到申请')!.text.includes('2026-03-30'));
      assert.ok(bySubject.get('已收到补正材料')!.text.includes('2026-04-02'));
      assert.ok(bySubject.get('征求意见结束')!.text.includes('2026-04-10'));
      assert.ok(bySubject.get('答复期限延长')!.text.includes('2026-04-24'));
      for (const [subject, n] of Object.entries({ 申请已提交: 0, 已收到申请: 1, 请补正申请: 1, 已收到补正材料: 0, 正在征求意见: 0, 征求意见结束: 0, 答复期限延长: 1, 已作出答复: 1 })) {
        assert.equal(bySubject.get(subject)!.attachments.length, n, `${subject}: attachments`);
      }
      assert.ok(bySubject.get('已作出答复')!.attachments[0]!.filename.endsWith('.docx'));

      const sms = fs.readFileSync(path.join(mailDir, 'sms', 'sms.log'), 'utf8');
      assert.equal(sms.split('\n').filter((l) => l.includes('13812345678')).length, 8, 'one SMS per e-mail to the mobile number');
      const outbound = await db().selectFrom('outboundMessages').select(['body', 'subject']).execute();
      const everything = [...mine.map((m) => `${m.subject}\n${m.text}`), sms, jobLog.text(), JSON.stringify(outbound)].join('\n');
      assert.ok(!everything.includes(ID), 'the ID number is in no message or log');
      assert.ok(!jobLog.text().includes('zhang.xm') && !jobLog.text().includes('13812345678'), 'the job log names no recipient');
      for (const m of mine) for (const a of m.attachments) assert.ok(!((await extractText(a.content, 'docx')) ?? '').includes(ID));
    });

    it('keeps ID numbers, phones and e-mails out of every audit summary of the journey', async () => {
      const entries = await db().selectFrom('auditEntries').select(['action', 'summary', 'actorLabel']).where('action', 'like', 'request.%').execute();
      assert.ok(entries.length >= 12);
      const text = JSON.stringify(entries);
      for (const secret of [ID, '13812345678', 'zhang.xm@example.cn', '人民路1号']) assert.ok(!text.includes(secret), `audit leaks ${secret}`);
    });

    it('shows overseers the case without personal data, hides it from other agencies, and purges it after the retention period', async () => {
      for (const who of [supervisor, adminA, coordinator]) {
        const v = await svc().get(who, id);
        assert.equal(v.personal.allowed, false);
        for (const k of ['idNumber', 'phone', 'email', 'address', 'postcode', 'idType'] as const) {
          assert.equal(v.req[k], null, `${who.username}: ${k}`);
          assert.equal(v.personal[k], null, `${who.username}: personal.${k}`);
        }
        assert.equal(v.req.applicantName, '张**');
        assert.equal(v.can.handle, false);
        assert.ok(!JSON.stringify(v).includes(ID) && !JSON.stringify(v).includes('13812345678'));
        const list = await svc().list(who, { scope: 'agency', status: 'all' });
        const mine = list.rows.find((r) => r.id === id)!;
        assert.equal(mine.applicantName, '张**');
        assert.ok(!JSON.stringify(list.rows).includes(ID) && !JSON.stringify(list.rows).includes('zhang.xm'));
      }
      const own = await svc().get(officerA, id);
      assert.equal(own.req.idNumber, ID);
      assert.equal(own.req.applicantName, '张小明');
      assert.equal((await svc().list(officerA, { scope: 'agency', status: 'all' })).rows.find((r) => r.id === id)!.applicantName, '张小明');

      assert.ok((await rejection(svc().get(officerB, id))) instanceof NotFound);
      assert.ok(!(await svc().list(officerB, { scope: 'agency', status: 'all' })).rows.some((r) => r.id === id));

      // Closed 2026-03-20; 5 years later (to the day) it is still kept, the day after it is purged.
      clock.set(at('2031-03-20'));
      await svc().purgePersonalData();
      assert.equal((await caseRow(id)).idNumber, ID);
      clock.set(at('2031-03-21'));
      assert.ok((await svc().purgePersonalData()) >= 1);
      const purged = await caseRow(id);
      for (const k of ['idNumber', 'phone', 'email', 'address', 'postcode'] as const) assert.equal(purged[k], null, k);
      assert.ok(purged.personalPurgedAt instanceof Date);
      assert.notEqual(purged.applicantName, '张小明');
      assert.equal((await svc().get(officerA, id)).personal.allowed, false);
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.personal-data-purged').executeTakeFirst());
    });
  });

  describe('bad input is refused in Chinese and saves nothing', () => {
    it('refuses each bad form without a trace', async () => {
      clock.set(at('2026-03-04'));
      const first17 = residentId(341).slice(0, 17);
      const wrongCheck = first17 + (idCheckChar(first17) === '1' ? '2' : '1');
      const seeded = await register({}, { channel: 'in_person', receivedOn: '2026-03-04' });
      const cases: [string, () => Promise<unknown>, string][] = [
        ['wrong ID check digit', () => svc().apply(anonymous, person({ idNumber: wrongCheck })), 'idNumber'],
        ['impossible receipt date', () => register({}, { channel: 'in_person', receivedOn: '2026-02-30' }), 'receivedOn'],
        ['empty description', () => svc().apply(anonymous, person({ description: '   ' })), 'description'],
        ['receipt date in the future', () => register({}, { channel: 'post_signed', receivedOn: '2026-03-05' }), 'receivedOn'],
        ['reply without an outcome', () => svc().reply(officerA, seeded.id, { outcome: '', reasons: '理由' }), 'outcome'],
        ['state secret without reasons', () => svc().reply(officerA, seeded.id, { outcome: 'denied.stateSecret', reasons: '' }), 'reasons'],
        ['extension longer than 20 wd', () => svc().extend(headA, seeded.id, { days: 25, reason: '需要调取大量档案' }), 'days'],
        ['invalid 统一社会信用代码', () => svc().apply(anonymous, organisation(7, 'commercial', { idNumber: creditCode(7).slice(0, 17) + (creditCode(7).endsWith('0') ? '1' : '0') })), 'idNumber'],
        ['in-person registration without a receipt date', () => register({}, { channel: 'in_person', receivedOn: '' }), 'receivedOn'],
      ];
      for (const [what, run, field] of cases) {
        const before = await counts();
        const e = await rejection(run());
        assert.ok(e instanceof ValidationFailed, `${what}: ValidationFailed, got ${e.name} ${e.message}`);
        assert.ok(e.fields[field], `${what}: message on ${field} (got ${JSON.stringify(e.fields)})`);
        assert.match(e.fields[field], CJK, `${what}: Chinese message`);
        assert.deepEqual(await counts(), before, `${what}: nothing saved`);
      }
      const row = await caseRow(seeded.id);
      assert.equal(row.status, 'handling');
      assert.equal(row.extensionDays, 0);
    });
  });

  describe('double submission', () => {
    it('makes one case of the same idempotency key, sequentially and concurrently', async () => {
      clock.set(at('2026-03-04', '11:00'));
      const form = person({ applicantName: '李双击', idNumber: residentId(502), title: '双击测试信息' });
      const a = await svc().apply(anonymous, form, [], 'double-submit-key-00001');
      const b = await svc().apply(anonymous, form, [], 'double-submit-key-00001');
      assert.equal(b.id, a.id);
      assert.equal(b.duplicate, true);
      assert.equal(b.queryCode, null, 'the query code is shown once');

      const before = await counts();
      const results = await Promise.all([1, 2, 3, 4].map(() => svc().apply(anonymous, { ...form, title: '并发双击测试信息' }, [], 'double-submit-key-00002')));
      assert.equal(new Set(results.map((r) => r.id)).size, 1);
      assert.equal(results.filter((r) => !r.duplicate).length, 1);
      const after = await counts();
      assert.equal(Number(after.requests) - Number(before.requests), 1);
      assert.equal(Number(after.events) - Number(before.events), 1);
      assert.equal((await db().selectFrom('requests').select('id').where('idempotencyKey', 'in', ['double-submit-key-00001', 'double-submit-key-00002']).execute()).length, 2);
    });
  });

  describe('Art. 31 channels', () => {
    it('starts the clock at once for in-person, signed post and oral applications, and waits for confirmation otherwise', async () => {
      clock.set(at('2026-03-04'));
      for (const channel of ['in_person', 'post_signed', 'oral']) {
        const r = await register({ title: `渠道${channel}` }, { channel, receivedOn: '2026-03-02' });
        const row = await caseRow(r.id);
        assert.equal(row.status, 'handling', channel);
        assert.equal(row.receivedOn, '2026-03-02', channel);
        assert.equal(row.dueOn, '2026-03-30', channel);
        assert.deepEqual((await db().selectFrom('requestEvents').select('type').where('requestId', '=', r.id).orderBy('id').execute()).map((e) => e.type), ['registered', 'received']);
        assert.equal((await db().selectFrom('requestNotices').select('kind').where('requestId', '=', r.id).execute()).length, 1, 'a 受理回执');
      }
      const waiting: string[] = [];
      for (const channel of ['fax', 'post_ordinary']) {
        const r = await register({ title: `渠道${channel}` }, { channel, receivedOn: '2026-03-03' });
        waiting.push(r.id);
      }
      waiting.push((await svc().apply(anonymous, person({ title: '渠道online' }))).id);
      for (const wid of waiting) {
        const row = await caseRow(wid);
        assert.equal(row.status, 'submitted');
        assert.equal(row.receivedOn, null);
        assert.equal(row.dueOn, null);
      }
      const [fax, , online] = waiting as [string, string, string];
      // Online: the confirmation cannot precede the submission (2026-03-04).
      const before = await counts();
      const early = await rejection(svc().confirmReceipt(officerA, online, { on: '2026-03-03' }));
      assert.ok(early instanceof ValidationFailed);
      assert.match(early.fields.on!, /不能早于提交日期/);
      assert.deepEqual(await counts(), before);
      // Confirmed on Thu 2026-03-05: → 2026-04-02.
      clock.set(at('2026-03-05'));
      await svc().confirmReceipt(officerA, online, { on: '2026-03-05' });
      await svc().confirmReceipt(officerA, fax, { on: '2026-03-05', note: '电话确认' });
      for (const cid of [online, fax]) {
        const row = await caseRow(cid);
        assert.equal(row.status, 'handling');
        assert.equal(row.dueOn, '2026-04-02');
      }
      assert.ok((await rejection(svc().confirmReceipt(officerA, fax, { on: '2026-03-05' }))) instanceof InvalidState, 'confirmed once');
    });
  });

  describe('补正 abandonment', () => {
    it('refuses abandon() before the period ends, and the sweep abandons the case after it', async () => {
      clock.set(at('2026-03-02'));
      const r = await register({ applicantName: '赵补正', idNumber: residentId(611), email: 'zhao.bz@example.cn', title: '补正放弃测试' }, { channel: 'in_person', receivedOn: '2026-03-02' });
      clock.set(at('2026-03-04'));
      await svc().requestCorrection(officerA, r.id, { items: '请说明所需信息的具体年份。', until: '2026-03-13' });
      clock.set(at('2026-03-13', '23:00'));
      const early = await rejection(svc().abandon(officerA, r.id));
      assert.ok(early instanceof InvalidState);
      assert.match(early.message, /尚未届满/);
      await svc().sweep();
      assert.equal((await caseRow(r.id)).status, 'correction', 'the last day of the period is the applicant’s');

      clock.set(at('2026-03-16', '01:00'));
      const jobsBefore = (await counts()).jobs;
      const res = await svc().sweep();
      assert.ok(res.abandoned >= 1);
      const row = await caseRow(r.id);
      assert.equal(row.status, 'abandoned');
      assert.equal(row.outcome, 'other.overdueCorrection');
      assert.equal(row.closedOn, '2026-03-16');
      assert.equal(row.dueOn, null);
      assert.ok(await db().selectFrom('requestEvents').select('id').where('requestId', '=', r.id).where('type', '=', 'abandoned').executeTakeFirst());
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.abandoned').where('subjectId', '=', r.id).executeTakeFirst());
      const jobs = await db().selectFrom('jobs').select('payload').execute();
      assert.ok(Number((await counts()).jobs) > Number(jobsBefore));
      assert.ok(jobs.some((j) => JSON.stringify(j.payload).includes('zhao.bz@example.cn') && JSON.stringify(j.payload).includes('视为放弃')), 'the applicant is told');
      assert.ok((await rejection(svc().recordCorrection(officerA, r.id, { on: '2026-03-16' }))) instanceof InvalidState);
    });
  });

  describe('reminders and escalation', () => {
    it('reminds the assignee 2 wd before the deadline and escalates an overdue case to the agency admin and the coordinator, once a day', async () => {
      // Received Wed 2026-04-01: Apr 2, 3, (4–6 清明), 7–10, 13–17, 20–24, 27–30 → due Thu 2026-04-30.
      clock.set(at('2026-04-01'));
      const r = await register({ applicantName: '钱提醒', idNumber: residentId(722), title: '提醒测试' }, { channel: 'in_person', receivedOn: '2026-04-01' });
      assert.equal((await caseRow(r.id)).dueOn, '2026-04-30');
      await svc().assign(officerA, r.id, { assigneeId: officerA.id });
      const staffJobs = async (to: string) =>
        (await db().selectFrom('jobs').select('payload').execute()).map((j) => j.payload as { to: string; subject?: string; related?: string }).filter((p) => p.to === to && p.related === `request:${r.id}`);
      const eventsOf = async (type: string) => db().selectFrom('requestEvents').select(['onDate', 'visible']).where('requestId', '=', r.id).where('type', '=', type).execute();

      // Due soon = within 3 wd: not yet on Fri Apr 24 (4 wd before), reminded on Tue Apr 28 (2 wd before).
      clock.set(at('2026-04-24'));
      await svc().sweep();
      assert.equal((await eventsOf('reminded')).length, 0, '4 wd before: not yet');

      clock.set(at('2026-04-28', '07:00'));
      await svc().sweep();
      await svc().sweep();
      assert.deepEqual(await eventsOf('reminded'), [{ onDate: '2026-04-28', visible: false }]);
      const reminders = await staffJobs('officer-a@gov.example.cn');
      assert.equal(reminders.length, 1);
      assert.match(reminders[0]!.subject!, /到期提醒.*2026-04-30/);
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.reminded').where('subjectId', '=', r.id).executeTakeFirst());
      const list = await svc().list(officerA, { scope: 'mine' });
      assert.equal(list.rows.find((x) => x.id === r.id)?.flag, 'due-soon');

      // Thu Apr 30 is the last day; on Wed May 6 (after 劳动节) it is overdue.
      clock.set(at('2026-04-30', '20:00'));
      await svc().sweep();
      assert.equal((await eventsOf('escalated')).length, 0, 'the last day is not overdue');
      clock.set(at('2026-05-06'));
      await svc().sweep();
      await svc().sweep();
      assert.deepEqual(await eventsOf('escalated'), [{ onDate: '2026-05-06', visible: false }]);
      for (const to of ['admin-a@gov.example.cn', 'coord@gov.example.cn']) {
        const mails = await staffJobs(to);
        assert.equal(mails.length, 1, to);
        assert.match(mails[0]!.subject!, /逾期督办/);
      }
      assert.equal((await staffJobs('officer-b@gov.example.cn')).length, 0, 'nobody of another agency');
      assert.equal((await svc().list(adminA, { scope: 'agency', flag: 'overdue' })).rows.filter((x) => x.id === r.id).length, 1);
      // No ID number in any queued staff mail.
      assert.ok(!JSON.stringify(await db().selectFrom('jobs').select('payload').execute()).includes(residentId(722)));
    });
  });

  describe('the sweep at the turn of the year', () => {
    it('still runs before next year’s holiday arrangement is entered', async () => {
      clock.set(at('2026-12-29'));
      const res = await svc().sweep();
      assert.equal(typeof res.escalated, 'number');
    });
  });

  describe('repeats and fees', () => {
    it('links a repeat asked with other brackets, and charges per application from the 11th in a month and per page', async () => {
      clock.set(at('2026-05-11'));
      const who = { applicantName: '孙重复', idNumber: residentId(833), email: 'sun.cf@example.cn' };
      const first = await svc().apply(anonymous, person({ ...who, docRef: '测甲发〔2017〕3号', title: '关于道路管理的通知' }));
      clock.advance(60_000);
      const second = await svc().apply(anonymous, person({ ...who, docRef: '测甲发[2017]3号', title: '道路管理通知全文' }));
      assert.equal((await caseRow(second.id)).repeatOfId, first.id);
      assert.equal((await caseRow(first.id)).repeatOfId, null);
      clock.advance(60_000);
      const other = await svc().apply(anonymous, person({ applicantName: '周其他', idNumber: residentId(834), docRef: '测甲发（2017）3号' }));
      assert.equal((await caseRow(other.id)).repeatOfId, null, 'another applicant is no repeat');
      assert.equal((await svc().get(officerA, second.id)).repeatOf?.caseNumber, first.caseNumber);

      // A third applicant's 1st … 11th application this month (2 above were by someone else).
      const payer = { applicantName: '吴多件', idNumber: residentId(845), email: 'wu.dj@example.cn' };
      const ids: string[] = [];
      for (let i = 1; i <= 11; i++) {
        clock.set(at('2026-05-12', `09:${String(i).padStart(2, '0')}`));
        ids.push((await register({ ...payer, title: `第${i}件申请的信息` }, { channel: 'in_person', receivedOn: '2026-05-12' })).id);
      }
      clock.set(at('2026-05-13'));
      const fee = { method: 'per-application', payBy: '2026-06-12', howToPay: '通过非税收入缴款系统缴纳' };
      const free = await rejection(svc().noticeFee(officerA, ids[9]!, fee));
      assert.ok(free instanceof ValidationFailed);
      assert.match(free.fields.method!, /第 10 件/);
      await svc().noticeFee(officerA, ids[10]!, fee);
      let row = await caseRow(ids[10]!);
      assert.equal(row.feeMethod, 'per-application');
      assert.equal(row.feeAmount, 100);
      assert.equal(row.clockPaused, true, 'the fee notice stops the clock');
      assert.equal(row.dueOn, null);
      const feeNotice = await db().selectFrom('requestNotices').select(['kind', 'bodyText']).where('requestId', '=', ids[10]!).where('kind', '=', 'fee').executeTakeFirstOrThrow();
      assert.ok(feeNotice.bodyText.includes('100'));
      const before = await counts();
      const twice = await rejection(svc().noticeFee(officerA, ids[10]!, { ...fee, method: 'per-volume', pages: '150' }));
      assert.ok(twice instanceof InvalidState);
      assert.match(twice.message, /只能选择一种计费方式/);
      assert.deepEqual(await counts(), before);

      // Paid on Fri May 15: 2 wd paused (May 14, 15); received Tue May 12 → Jun 9 + 2 wd → Jun 11.
      clock.set(at('2026-05-15'));
      await svc().recordFeePaid(officerA, ids[10]!, { on: '2026-05-15' });
      row = await caseRow(ids[10]!);
      assert.equal(row.clockPaused, false);
      assert.equal(row.dueOn, '2026-06-11');

      await svc().noticeFee(officerA, ids[0]!, { ...fee, method: 'per-volume', pages: '150' });
      assert.equal((await caseRow(ids[0]!)).feeAmount, 1700, '70 × 10 + 50 × 20');
    });
  });

  describe('transfer', () => {
    it('moves the case to the other agency and keeps the original receipt date', async () => {
      clock.set(at('2026-03-04'));
      const r = await register({ applicantName: '郑移送', idNumber: residentId(956), title: '移送测试信息' }, { channel: 'in_person', receivedOn: '2026-03-02' });
      await svc().assign(officerA, r.id, { assigneeId: officerA.id });
      clock.set(at('2026-03-06'));
      await step(r.id, 'transferred', () => svc().transfer(officerA, r.id, { orgId: city.b.id, reason: '该信息由乙局制作并保存' }));
      const row = await caseRow(r.id);
      assert.equal(row.orgId, city.b.id);
      assert.equal(row.assigneeId, null);
      assert.equal(row.receivedOn, '2026-03-02');
      assert.equal(row.dueOn, '2026-03-30');
      const v = await svc().get(officerB, r.id);
      assert.equal(v.clock?.due, '2026-03-30');
      assert.equal(v.req.idNumber, residentId(956), 'the receiving officer handles it with the applicant’s data');
      assert.ok((await rejection(svc().get(officerA, r.id))) instanceof NotFound);
      assert.ok((await rejection(svc().reply(officerA, r.id, { outcome: 'granted' }))) instanceof NotFound);
      assert.ok(await db().selectFrom('auditEntries').select('seq').where('action', '=', 'request.transferred-in').where('subjectId', '=', r.id).where('orgId', '=', city.b.id).executeTakeFirst());
      // The receiving agency carries on: it may extend under its own head.
      clock.set(at('2026-03-09'));
      await svc().startConsultation(officerB, r.id, { kind: 'inter-agency', party: '测试市甲局', infoSummary: '共同制作的文件' });
      assert.equal((await caseRow(r.id)).clockPaused, true);

      // Withdrawn while the consultation runs: the case is closed and its clock does not come back.
      clock.set(at('2026-03-10'));
      await svc().withdraw(officerB, r.id, { reason: '申请人来函撤回' });
      clock.set(at('2026-03-11'));
      const consultation = await db().selectFrom('requestConsultations').select('id').where('requestId', '=', r.id).executeTakeFirstOrThrow();
      const late = await rejection(svc().answerConsultation(officerB, r.id, { consultationId: consultation.id, on: '2026-03-11', answer: 'consent' }));
      assert.ok(late instanceof InvalidState);
      const closed = await caseRow(r.id);
      assert.equal(closed.status, 'withdrawn');
      assert.equal(closed.outcome, 'other.otherReasons');
      assert.equal(closed.dueOn, null);
      assert.equal(closed.clockPaused, false);
    });
  });

  describe('annual-report figures', () => {
    it('counts a year of cases into table 3 and table 4 with every identity holding', async () => {
      const F = await t.c.orgs.createOrg(sys, { parentId: city.city.id, slug: 'dept-f', name: '测试市统计局', kind: 'department' });
      const fOrg = (await t.c.orgs.lookup(F.id))!;
      const fForm = (n: number, kind: string, over: Record<string, unknown> = {}) =>
        kind === 'naturalPerson'
          ? person({ orgId: F.id, applicantName: `统计${n}`, idNumber: residentId(100 + n), email: `p${n}@example.cn`, title: `统计信息第${n}项`, provisionForm: 'inspect', ...over })
          : organisation(200 + n, kind, { orgId: F.id, title: `统计信息第${n}项`, provisionForm: 'inspect', ...over });
      const reg = async (n: number, kind: string, on: string) => {
        clock.set(at(on));
        return (await svc().register(sys, { ...fForm(n, kind), channel: 'in_person', receivedOn: on })).id;
      };
      const replyOn = async (id: string, on: string, outcome: string, reasons = '依法说明的理由') => {
        clock.set(at(on, '15:00'));
        await svc().reply(sys, id, { outcome, reasons });
      };
      const remedy = async (id: string, on: string, r: Record<string, string>) => {
        clock.set(at(on, '16:00'));
        await svc().recordRemedy(sys, id, { body: '测试市人民政府', ...r });
      };

      // 2025
      const c1 = await reg(1, 'naturalPerson', '2025-11-10');
      await replyOn(c1, '2025-11-20', 'granted');
      await remedy(c1, '2025-12-20', { kind: 'reconsideration', filedOn: '2025-12-01', result: 'upheld', decidedOn: '2025-12-20' });
      const c2 = await reg(2, 'naturalPerson', '2025-12-15');
      const c3 = await reg(3, 'commercial', '2025-12-22');
      clock.set(at('2025-12-30'));
      const c3b = (await svc().apply(anonymous, fForm(4, 'research'))).id;
      // 2026
      clock.set(at('2026-01-05'));
      await svc().confirmReceipt(sys, c3b, { on: '2026-01-05' });
      await replyOn(c2, '2026-01-06', 'granted');
      await replyOn(c3b, '2026-01-20', 'denied.thirdPartyRights');
      await remedy(c3b, '2026-02-01', { kind: 'reconsideration', filedOn: '2026-02-01' });
      const c4 = await reg(5, 'naturalPerson', '2026-02-02');
      clock.set(at('2026-02-10', '14:00'));
      await svc().addReleasedFile(sys, c4, { fileName: '统计公报.pdf', buffer: PDF });
      await replyOn(c4, '2026-02-10', 'partialGrant');
      await remedy(c4, '2026-03-01', { kind: 'litigationDirect', filedOn: '2026-03-01' });
      const c5 = await reg(6, 'naturalPerson', '2026-03-02');
      await replyOn(c5, '2026-03-10', 'denied.stateSecret');
      clock.set(at('2026-03-20'));
      const future = await rejection(svc().recordRemedy(sys, c5, { kind: 'reconsideration', filedOn: '2026-03-20', body: '测试市人民政府', result: 'upheld', decidedOn: '2026-05-10' }));
      assert.ok(future instanceof ValidationFailed && /不能晚于今天/.test(future.fields.decidedOn ?? ''), 'a decision date in the future is refused');
      await remedy(c5, '2026-03-20', { kind: 'reconsideration', filedOn: '2026-03-20' });
      const c6 = await reg(7, 'naturalPerson', '2026-04-01');
      clock.set(at('2026-04-03'));
      await svc().withdraw(sys, c6, { reason: '申请人书面撤回申请' });
      const c7 = await reg(8, 'naturalPerson', '2026-05-06');
      clock.set(at('2026-05-07'));
      await svc().requestCorrection(sys, c7, { items: '请明确所需统计数据的年份。', until: '2026-05-15' });
      clock.set(at('2026-05-10'));
      const c5remedy = await db().selectFrom('requestRemedies').select('id').where('requestId', '=', c5).executeTakeFirstOrThrow();
      const backwards = await rejection(svc().updateRemedy(sys, c5, c5remedy.id, { kind: 'reconsideration', filedOn: '2026-03-20', body: '测试市人民政府', result: 'upheld', decidedOn: '2026-03-19' }));
      assert.ok(backwards instanceof ValidationFailed && backwards.fields.decidedOn, 'decided before it was filed');
      await svc().updateRemedy(sys, c5, c5remedy.id, { kind: 'reconsideration', filedOn: '2026-03-20', body: '测试市人民政府', result: 'upheld', decidedOn: '2026-05-10' });
      clock.set(at('2026-05-18'));
      await svc().sweep();
      const c9 = await reg(9, 'social', '2026-06-01');
      await replyOn(c9, '2026-06-05', 'granted');
      await remedy(c9, '2026-07-01', { kind: 'litigationAfterReconsideration', filedOn: '2026-07-01' });
      const c10 = await reg(10, 'legal', '2026-07-01');
      clock.set(at('2026-07-02'));
      await svc().noticeFee(sys, c10, { method: 'per-volume', pages: '50', payBy: '2026-07-30', howToPay: '银行转账' });
      assert.equal((await caseRow(c10)).feeAmount, 200);
      clock.set(at('2026-07-31'));
      await svc().recordFeeUnpaid(sys, c10);
      clock.set(at('2026-08-01'));
      const c4remedy = await db().selectFrom('requestRemedies').select('id').where('requestId', '=', c4).executeTakeFirstOrThrow();
      await svc().updateRemedy(sys, c4, c4remedy.id, { kind: 'litigationDirect', filedOn: '2026-03-01', body: '测试市中级人民法院', result: 'corrected', decidedOn: '2026-08-01' });
      const c11 = await reg(11, 'other', '2026-08-03');
      clock.set(at('2026-08-04'));
      await svc().requestCorrection(sys, c11, { items: '请明确所需信息的范围。', until: '2026-08-14' });
      clock.set(at('2026-08-10'));
      await svc().recordCorrection(sys, c11, { on: '2026-08-10' });
      await replyOn(c11, '2026-08-20', 'unable.unclear');
      const c12 = await reg(12, 'commercial', '2026-09-01');
      await replyOn(c12, '2026-09-02', 'notProcessed.repeat');
      clock.set(at('2026-09-01'));
      const c9remedy = await db().selectFrom('requestRemedies').select('id').where('requestId', '=', c9).executeTakeFirstOrThrow();
      await svc().updateRemedy(sys, c9, c9remedy.id, { kind: 'litigationAfterReconsideration', filedOn: '2026-07-01', body: '测试市中级人民法院', result: 'other', decidedOn: '2026-09-01' });
      await remedy(c12, '2026-10-01', { kind: 'litigationAfterReconsideration', filedOn: '2026-10-01' });
      clock.set(at('2026-10-12'));
      await svc().apply(anonymous, fForm(13, 'naturalPerson')); // never confirmed: not received, not counted
      // +20 wd from 2026-12-21 runs into 2027, whose arrangement is unknown: the case is registered
      // and its deadline left unknown (never guessed as plain weekdays) until the calendar has the year.
      const c8 = await reg(14, 'naturalPerson', '2026-12-21');
      assert.equal((await caseRow(c8)).dueOn, null);
      assert.equal((await svc().get(sys, c8)).calendarUnknown, true);
      await t.c.calendar.markYear(sys, { year: 2027, note: '测试：2027年按周一至周五计算' });
      assert.equal((await svc().get(sys, c8)).calendarUnknown, false);
      const c14 = await reg(15, 'research', '2026-12-28');
      // 2027
      await replyOn(c14, '2027-01-04', 'granted');
      await replyOn(c3, '2027-01-05', 'unable.noInfo');
      clock.set(at('2027-01-10'));
      const c12remedy = await db().selectFrom('requestRemedies').select('id').where('requestId', '=', c12).executeTakeFirstOrThrow();
      await svc().updateRemedy(sys, c12, c12remedy.id, { kind: 'litigationAfterReconsideration', filedOn: '2026-10-01', body: '测试市中级人民法院', result: 'other', decidedOn: '2027-01-10' });

      assert.equal((await caseRow(c7)).outcome, 'other.overdueCorrection');
      assert.equal((await caseRow(c6)).outcome, 'other.otherReasons');
      assert.equal((await caseRow(c8)).status, 'handling');

      const t3 = await table3(db(), fOrg.path, '2026-01-01', '2026-12-31');
      assert.deepEqual(table3Problems(t3), []);
      const row = (naturalPerson: number, commercial: number, research: number, social: number, legal: number, other: number) => ({ naturalPerson, commercial, research, social, legal, other, total: naturalPerson + commercial + research + social + legal + other });
      // new: c3b (research, confirmed 2026-01-05), c4–c8 (natural), c9 social, c10 legal, c11 other, c12 commercial, c14 research.
      assert.deepEqual(t3.newReceived, row(5, 1, 2, 1, 1, 1));
      assert.deepEqual(t3.carriedOver, row(1, 1, 0, 0, 0, 0)); // c2, c3
      assert.deepEqual(t3.granted, row(1, 0, 0, 1, 0, 0)); // c2, c9
      assert.deepEqual(t3.partialGrant, row(1, 0, 0, 0, 0, 0));
      assert.deepEqual(t3['denied.stateSecret'], row(1, 0, 0, 0, 0, 0));
      assert.deepEqual(t3['denied.thirdPartyRights'], row(0, 0, 1, 0, 0, 0));
      assert.deepEqual(t3['unable.unclear'], row(0, 0, 0, 0, 0, 1));
      assert.deepEqual(t3['unable.noInfo'], row(0, 0, 0, 0, 0, 0), 'c3 is answered in 2027');
      assert.deepEqual(t3['notProcessed.repeat'], row(0, 1, 0, 0, 0, 0));
      assert.deepEqual(t3['other.overdueCorrection'], row(1, 0, 0, 0, 0, 0));
      assert.deepEqual(t3['other.overdueFee'], row(0, 0, 0, 0, 1, 0));
      assert.deepEqual(t3['other.otherReasons'], row(1, 0, 0, 0, 0, 0));
      assert.deepEqual(t3.totalProcessed, row(5, 1, 1, 1, 1, 1));
      assert.deepEqual(t3.carriedForward, row(1, 1, 1, 0, 0, 0)); // c8, c3, c14

      const t2025 = await table3(db(), fOrg.path, '2025-01-01', '2025-12-31');
      assert.deepEqual(table3Problems(t2025), []);
      assert.deepEqual(t2025.newReceived, row(2, 1, 0, 0, 0, 0));
      assert.deepEqual(t2025.granted, row(1, 0, 0, 0, 0, 0));
      assert.deepEqual(t2025.carriedForward, t3.carriedOver, 'carried forward from 2025 = carried over into 2026');
      const t2027 = await table3(db(), fOrg.path, '2027-01-01', '2027-12-31');
      assert.deepEqual(t2027.carriedOver, t3.carriedForward);
      assert.deepEqual(table3Problems(t2027), []);

      const t4 = await table4(db(), fOrg.path, '2026-01-01', '2026-12-31');
      assert.deepEqual(t4.reconsideration, { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 }); // c5 upheld, c3b pending; c1's was filed in 2025
      assert.deepEqual(t4.litigationDirect, { upheld: 0, corrected: 1, other: 0, pending: 0, total: 1 });
      assert.deepEqual(t4.litigationAfterReconsideration, { upheld: 0, corrected: 0, other: 1, pending: 1, total: 2 }, 'c12 decided in 2027 is pending at the end of 2026');
      const t4y25 = await table4(db(), fOrg.path, '2025-01-01', '2025-12-31');
      assert.equal(t4y25.reconsideration.upheld, 1);

      // The whole city includes the agency's figures, and still balances.
      assert.deepEqual(table3Problems(await table3(db(), (await t.c.orgs.lookup(city.city.id))!.path, '2026-01-01', '2026-12-31')), []);
    });
  });

  it('masks names the way overseers see them', () => {
    assert.equal(maskName('张小明'), '张**');
    assert.equal(maskName('张'), '*');
    assert.equal(maskName('欧阳建国同志'), '欧***');
  });
});
