import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { chinaDate, fixedClock } from '#platform/clock.js';
import { buildTestApp, Client, fieldError, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { idCheckChar } from '#modules/screening/index.js';

const ID_BODY = '11010119800512001';
const ID_NUMBER = ID_BODY + idCheckChar(ID_BODY)!;

/** The workspace pages of 依申请公开, driven as an officer and the office head would, with the clock fixed. */
describe('依申请公开 workspace pages', () => {
  let t: TestApp;
  const clock = fixedClock(new Date('2026-03-02T09:00:00+08:00'));
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let officer: Client;
  let head: Client;
  let caseId = '';

  /** Moves the clock (sessions end after 30 idle minutes of it, so both sign in again). */
  const move = async (iso: string) => {
    clock.set(new Date(iso));
    await officer.loginStaff('req-officer');
    await head.loginStaff('req-head');
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const register = (c: Client, fields: Record<string, string>) =>
    c.upload(
      '/staff/requests',
      {
        orgId: city.a.id,
        channel: 'in_person',
        receivedOn: chinaDate(clock.now()),
        applicantKind: 'naturalPerson',
        applicantName: '张三',
        idType: 'resident_id',
        idNumber: ID_NUMBER,
        phone: '13912345678',
        email: 'zhangsan@example.cn',
        title: '2025年学校招生方案',
        description: '请提供2025年义务教育学校招生方案全文。',
        provisionForm: 'electronic',
        obtainMethod: 'email',
        ...fields,
      },
      { field: 'files', fileName: '', content: Buffer.alloc(0) },
    );

  before(async () => {
    t = await buildTestApp({ clock });
    city = await seedSmallCity(t.c);
    await makeStaff(t.c, 'req-officer', city.a.id, [{ orgId: city.a.id, role: 'disclosure_officer' }]);
    await makeStaff(t.c, 'req-head', city.a.id, [{ orgId: city.a.id, role: 'office_head' }]);
    await makeStaff(t.c, 'req-officer-b', city.b.id, [{ orgId: city.b.id, role: 'disclosure_officer' }]);
    await makeStaff(t.c, 'req-super', city.city.id, [{ orgId: city.city.id, role: 'supervisor' }]);
    officer = new Client(t.app);
    await officer.loginStaff('req-officer');
    head = new Client(t.app);
    await head.loginStaff('req-head');
  });
  after(async () => t.close());

  it('registers an in-person application with its receipt date and explains the deadline', async () => {
    const form = await officer.get('/staff/requests/new');
    assert.equal(form.statusCode, 200);
    const res = await register(officer, { _key: 'k'.repeat(32) });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    caseId = /\/staff\/requests\/(\d+)/.exec(String(res.headers.location))![1]!;
    // The same form submitted twice is one case.
    const again = await register(officer, { _key: 'k'.repeat(32) });
    assert.equal(again.statusCode, 303);
    assert.equal(String(again.headers.location), `/staff/requests/${caseId}`);
    assert.equal((await t.c.db.selectFrom('requests').select('id').execute()).length, 1);
    const page = await officer.get(`/staff/requests/${caseId}`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    // Received Monday 2026-03-02: 20 working days → 2026-03-30.
    assert.match(body, /答复期限：2026年3月30日/);
    assert.match(body, /周末 8 天、法定节假日 0 天/);
    assert.ok(body.includes(ID_NUMBER), 'the handling officer sees the identity');
    assert.match(body, /政府信息公开申请受理回执/);
  });

  it('refuses bad registrations with Chinese messages and saves nothing', async () => {
    const before = (await t.c.db.selectFrom('requests').select('id').execute()).length;
    const wrongId = await register(officer, { idNumber: `${ID_BODY}${idCheckChar(ID_BODY) === '0' ? '1' : '0'}` });
    assert.equal(wrongId.statusCode, 400);
    assert.match(fieldError(wrongId.body, 'idNumber') ?? '', /校验码/);
    const future = await register(officer, { receivedOn: '2026-03-09' });
    assert.equal(future.statusCode, 400);
    assert.match(fieldError(future.body, 'receivedOn') ?? '', /不能晚于今天/);
    const impossible = await register(officer, { receivedOn: '2026-02-30' });
    assert.equal(impossible.statusCode, 400);
    assert.match(fieldError(impossible.body, 'receivedOn') ?? '', /不是有效日期/);
    const empty = await register(officer, { description: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(fieldError(empty.body, 'description') ?? '', /请填写/);
    const disguised = await officer.upload('/staff/requests', { orgId: city.a.id, channel: 'in_person', receivedOn: '2026-03-02', applicantKind: 'naturalPerson', applicantName: '李四', idType: 'resident_id', idNumber: ID_NUMBER, phone: '13912345678', title: '某文件', description: '请提供某文件全文。', provisionForm: 'paper', obtainMethod: 'collect' }, { field: 'files', fileName: '申请.docx', content: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') });
    assert.equal(disguised.statusCode, 400);
    assert.match(disguised.body, /PDF/);
    assert.equal((await t.c.db.selectFrom('requests').select('id').execute()).length, before);
  });

  it('walks 补正, consultation, extension and a partial reply through the pages', async () => {
    const correction = await officer.post(`/staff/requests/${caseId}/correction`, { items: '请写明所需方案的年度和学段。', until: '2026-03-16' });
    assert.equal(correction.statusCode, 303);
    await move('2026-03-05T10:00:00+08:00');
    assert.equal((await officer.post(`/staff/requests/${caseId}/corrected`, { on: '2026-03-05' })).statusCode, 303);
    let body = text((await officer.get(`/staff/requests/${caseId}`)).body);
    // Restarted from Thursday 2026-03-05: 20 working days → 2026-04-02.
    assert.match(body, /答复期限：2026年4月2日/);
    assert.match(body, /收到补正之日，期限重新计算/);

    assert.equal((await officer.post(`/staff/requests/${caseId}/consultation`, { kind: 'third-party', party: '某建筑公司', infoSummary: '合同报价' })).statusCode, 303);
    body = text((await officer.get(`/staff/requests/${caseId}`)).body);
    assert.match(body, /期限暂停/);
    const consultation = await t.c.db.selectFrom('requestConsultations').select('id').executeTakeFirstOrThrow();
    await move('2026-03-12T10:00:00+08:00');
    assert.equal((await officer.post(`/staff/requests/${caseId}/consultation-answer`, { consultationId: consultation.id, on: '2026-03-12', answer: 'objection', note: '涉及商业秘密' })).statusCode, 303);
    body = text((await officer.get(`/staff/requests/${caseId}`)).body);
    // Paused 3-05 → 3-12: 5 working days not counted → 2026-04-10 (Qingming 4-4..4-6 falls after 4-2? no: 4-3 Fri, 4-7 Tue…).
    const due = /答复期限：(\d{4}年\d+月\d+日)/.exec(body)![1]!;
    assert.match(body, /不计入 5 个工作日/);

    // Extension: the officer may not approve it; the head may, up to 20 working days.
    const refused = await officer.post(`/staff/requests/${caseId}/extend`, { days: '10', reason: '需要调取档案' });
    assert.equal(refused.statusCode, 403);
    const tooLong = await head.post(`/staff/requests/${caseId}/extend`, { days: '25', reason: '需要调取档案' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(fieldError(tooLong.body, 'extend-days') ?? '', /20 个工作日/);
    assert.equal((await head.post(`/staff/requests/${caseId}/extend`, { days: '10', reason: '需要调取档案' })).statusCode, 303);
    body = text((await officer.get(`/staff/requests/${caseId}`)).body);
    assert.notEqual(/答复期限：(\d{4}年\d+月\d+日)/.exec(body)![1], due);
    assert.match(body, /\+ 延长 10/);
    const twice = await head.post(`/staff/requests/${caseId}/extend`, { days: '5', reason: '需要调取档案' });
    assert.equal(twice.statusCode, 409);

    // A reply without an outcome, or a partial one without reasons or documents, is refused.
    const noOutcome = await officer.post(`/staff/requests/${caseId}/reply`, { outcome: '' });
    assert.equal(noOutcome.statusCode, 400);
    assert.match(fieldError(noOutcome.body, 'reply-outcome') ?? '', /答复结果/);
    const noReasons = await officer.post(`/staff/requests/${caseId}/reply`, { outcome: 'partialGrant' });
    assert.equal(noReasons.statusCode, 400);
    const upload = await officer.upload(`/staff/requests/${caseId}/files`, {}, { field: 'file', fileName: '招生方案.pdf', content: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') });
    assert.equal(upload.statusCode, 303);
    const reply = await officer.post(`/staff/requests/${caseId}/reply`, { outcome: 'partialGrant', reasons: '报价明细涉及第三方商业秘密，第三方不同意公开，依据第十五条不予公开该部分。' });
    assert.equal(reply.statusCode, 303);
    const page = await officer.get(`/staff/requests/${caseId}`);
    body = text(page.body);
    assert.match(body, /已答复/);
    assert.match(body, /答复告知书/);
    const noticeId = /\/notices\/(\d+)\/docx/.exec(page.body.split('答复告知书')[1] ?? page.body)?.[1] ?? [...page.body.matchAll(/\/notices\/(\d+)\/docx/g)].at(-1)![1]!;
    const docx = await officer.get(`/staff/requests/${caseId}/notices/${noticeId}/docx`);
    assert.equal(docx.statusCode, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    assert.equal((await officer.post(`/staff/requests/${caseId}/archive`, {})).statusCode, 409, 'not before delivery');
    assert.equal((await officer.post(`/staff/requests/${caseId}/delivery`, { method: 'email', on: '2026-03-12' })).statusCode, 303);
    assert.equal((await officer.post(`/staff/requests/${caseId}/archive`, {})).statusCode, 303);
    const row = await t.c.db.selectFrom('requests').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'archived');
    assert.equal(row.outcome, 'partialGrant');
  });

  it('shows other agencies nothing and overseers no personal data', async () => {
    const other = new Client(t.app);
    await other.loginStaff('req-officer-b');
    assert.equal((await other.get(`/staff/requests/${caseId}`)).statusCode, 404);
    assert.equal((await other.post(`/staff/requests/${caseId}/withdraw`, { reason: '测试' })).statusCode, 404);
    assert.ok(!(await other.get('/staff/requests?status=all')).body.includes('2025年学校招生方案'));
    const sup = new Client(t.app);
    await sup.loginStaff('req-super');
    const page = await sup.get(`/staff/requests/${caseId}`);
    assert.equal(page.statusCode, 200);
    for (const secret of [ID_NUMBER, '13912345678', 'zhangsan@example.cn', '张三']) assert.ok(!page.body.includes(secret), `supervisor must not see ${secret}`);
    assert.ok(page.body.includes('张*'));
    const list = await sup.get('/staff/requests?status=all');
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes('张三'));
    assert.equal((await sup.post(`/staff/requests/${caseId}/delivery`, { method: 'email', on: '2026-03-12' })).statusCode, 403);
  });

  it('counts the year in tables 3 and 4 with the identities checked', async () => {
    await t.c.requests.recordRemedy(systemActor('test'), caseId, { kind: 'reconsideration', filedOn: '2026-03-12', body: '测试市人民政府', result: 'pending' });
    const page = await officer.get(`/staff/requests/figures?org=${city.a.id}&from=2026-01-01&to=2026-12-31`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /勾稽关系成立/);
    assert.match(body, /三、（二）部分公开 1 0 0 0 0 0 1/);
    assert.match(body, /行政复议 0 0 0 1 1/);
    assert.equal((await officer.get('/staff/requests/figures?from=2026-12-31&to=2026-01-01')).statusCode, 400);
  });

  it('lets the office head edit a notice template and refuses unknown placeholders', async () => {
    const list = await head.get(`/staff/requests/templates?org=${city.a.id}&key=receipt`);
    assert.equal(list.statusCode, 200);
    const bad = await head.post('/staff/requests/templates', { org: city.a.id, key: 'receipt', title: '受理回执', body: '{{applicantName}}：您的申请已收到。{{nosuch}}' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /未知的占位符/);
    const good = await head.post('/staff/requests/templates', { org: city.a.id, key: 'receipt', title: '受理回执（甲局）', body: '{{applicantName}}：本机关已于{{receivedOn}}收到您的申请，将于{{replyDue}}前答复。' });
    assert.equal(good.statusCode, 303);
    const officerTry = await officer.post('/staff/requests/templates', { org: city.a.id, key: 'receipt', title: '改', body: '{{applicantName}}：改了模板内容。' });
    assert.equal(officerTry.statusCode, 403);
    const audit = await t.c.db.selectFrom('auditEntries').select('action').where('action', '=', 'request.template-saved').execute();
    assert.equal(audit.length, 1);
  });
});
