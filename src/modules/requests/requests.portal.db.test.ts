import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '#platform/actor.js';
import { chinaDate } from '#platform/clock.js';
import { buildTestApp, Client, fieldError, fixedClock, PASSWORD, seedSmallCity, type TestApp } from '#test/app.js';
import { idCheckChar } from '#modules/screening/index.js';

const FIRST17 = '11010119900307123';
const ID_NUMBER = `${FIRST17}${idCheckChar(FIRST17)}`;
const WRONG_ID = `${FIRST17}${idCheckChar(FIRST17) === '0' ? '1' : '0'}`;
const PHONE = '13912345678';
const EMAIL = 'zhang.applicant@example.cn';

/** Keeps the cookies a response sets, as the test Client does. */
function keep(client: Client, res: LightMyRequestResponse) {
  for (const c of res.cookies) {
    if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) client.cookies.delete(c.name);
    else client.cookies.set(c.name, c.value);
  }
}

/** Posts the application form as the browser does: multipart, with any number of files in `files`. */
async function submit(client: Client, fields: Record<string, string>, files: { fileName: string; content: Buffer }[] = []): Promise<LightMyRequestResponse> {
  if (!client.csrf) await client.get('/requests/new');
  const boundary = `----gkportal${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: client.csrf, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await client.app.inject({ method: 'POST', url: '/requests', payload: Buffer.concat(parts), headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  keep(client, res);
  return res;
}

const caseNumberOf = (body: string) => /<strong>([A-Z0-9-]+-\d{4}-\d{5})<\/strong>/.exec(body)?.[1];
const queryCodeOf = (body: string) => /id="query-code">([A-Z0-9]{4}-[A-Z0-9]{4})</.exec(body)?.[1];

describe('依申请公开 portal: apply, track, download, withdraw', () => {
  let t: TestApp;
  let orgId: string;
  const clock = fixedClock(new Date('2026-06-01T02:00:00Z'));
  const today = chinaDate(clock.now());
  const count = async () => Number((await t.c.db.selectFrom('requests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const valid = (over: Record<string, string> = {}) => ({
    orgId,
    applicantKind: 'naturalPerson',
    applicantName: '张三丰',
    idType: 'resident_id',
    idNumber: ID_NUMBER,
    phone: PHONE,
    email: EMAIL,
    address: '测试市人民路1号',
    postcode: '100000',
    title: '2025年度道路维修预算',
    description: '请提供2025年度本市道路维修的预算安排文件。',
    provisionForm: 'electronic',
    obtainMethod: 'email',
    _key: `k${Math.random().toString(36).slice(2)}${'x'.repeat(20)}`,
    ...over,
  });

  before(async () => {
    t = await buildTestApp({ clock, config: { maxUploadBytes: 200_000, publicAccounts: true } });
    const city = await seedSmallCity(t.c);
    orgId = city.a.id;
  });
  after(async () => t.close());

  it('shows the explanation, the form (with the agency preselected) and the tracking form, in both languages', async () => {
    const web = new Client(t.app);

    const intro = await web.get('/requests');
    const form = await web.get(`/requests/new?org=${orgId}`);
    const track = await web.get('/requests/track');
    web.cookies.set('gk_lang', 'en');
    const formEn = await web.get('/requests/new');

    assert.equal(intro.statusCode, 200);
    assert.match(intro.body, /20 个工作日/);
    assert.match(intro.body, /href="\/agencies\/dept-a\/guide"/);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<option value="${orgId}" selected`));
    assert.match(form.body, /name="_key" value="[A-Za-z0-9_-]{32}"/);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /<legend>申请人信息<\/legend>/);
    assert.match(form.body, /value="commercial"/);
    assert.match(form.body, /保存 5 年/);
    assert.equal(track.statusCode, 200);
    assert.equal(formEn.statusCode, 200);
    assert.match(formEn.body, /Apply for government information/);
  });

  it('accepts a valid application, shows the case number and the query code once, and never makes a second case from the same form', async () => {
    const web = new Client(t.app);
    const fields = valid();

    const first = await submit(web, fields);
    const again = await submit(web, fields);

    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    const caseNumber = caseNumberOf(first.body);
    assert.ok(caseNumber?.startsWith('DEPT-A-2026-'), 'case number shown');
    assert.ok(queryCodeOf(first.body), 'query code shown');
    assert.match(first.body, /请妥善保管，仅显示一次/);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /已经提交/);
    assert.ok(again.body.includes(caseNumber!));
    assert.equal(queryCodeOf(again.body), undefined, 'the code is not shown twice');
    assert.equal(await t.c.db.selectFrom('requests').select('id').where('caseNumber', '=', caseNumber!).execute().then((r) => r.length), 1);
    assert.equal(await t.c.db.selectFrom('requests').select('id').where('idempotencyKey', '=', fields._key).execute().then((r) => r.length), 1);
  });

  it('refuses a wrong ID check digit, an empty description, a PDF named .docx and an oversized file, keeping the values and creating nothing', async () => {
    const web = new Client(t.app);
    const before = await count();

    const badId = await submit(web, valid({ idNumber: WRONG_ID }));
    const noDescription = await submit(web, valid({ description: '' }));
    const disguised = await submit(web, valid(), [{ fileName: '身份证明.docx', content: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n') }]);
    const oversized = await submit(web, valid(), [{ fileName: 'big.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x20)]) }]);

    assert.equal(badId.statusCode, 400);
    assert.match(fieldError(badId.body, 'idNumber') ?? '', /居民身份证号码无效/);
    assert.ok(badId.body.includes('张三丰'), 'values kept');
    assert.equal(noDescription.statusCode, 400);
    assert.ok(fieldError(noDescription.body, 'description'), 'description error shown');
    assert.equal(disguised.statusCode, 400);
    assert.match(fieldError(disguised.body, 'files') ?? '', /与扩展名不符/);
    assert.match(disguised.body, /附件不会保留/);
    assert.ok(oversized.statusCode >= 400 && oversized.statusCode < 500, `status ${oversized.statusCode}`);
    assert.match(oversized.body, /超过/);
    assert.equal(await count(), before);
  });

  it('tracks by case number and code through a signed cookie, hides personal data, serves notices to the holder only, and lets the applicant withdraw', async () => {
    const applicant = new Client(t.app);
    const done = await submit(applicant, valid());
    const caseNumber = caseNumberOf(done.body)!;
    const code = queryCodeOf(done.body)!;
    const row = await t.c.db.selectFrom('requests').select(['id']).where('caseNumber', '=', caseNumber).executeTakeFirstOrThrow();
    await t.c.requests.confirmReceipt(systemActor('test'), row.id, { on: today });
    const web = new Client(t.app);
    await web.get('/requests/track');

    const wrong = await web.post('/requests/track', { caseNumber, code: 'AAAA-AAAA' });
    const right = await web.post('/requests/track', { caseNumber: caseNumber.toLowerCase(), code: code.toLowerCase() });
    const page = await web.get(right.headers.location as string);

    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /申请编号或查询码不正确/);
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, `/requests/track/${caseNumber}`);
    const setCookie = String(right.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, new RegExp(`Path=/requests/track/${caseNumber}`));
    assert.ok(!setCookie.includes(code), 'the code is kept with a MAC, not readable as given');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(caseNumber));
    assert.match(page.body, /办理中/);
    assert.match(page.body, /2026年6月30日（自收到申请次日起计算 20 个工作日；期间跳过周末和节假日 9 天/);
    assert.match(page.body, /<ol class="timeline">/);
    assert.match(page.body, /确认收到申请/);
    for (const secret of [ID_NUMBER, PHONE, EMAIL, '张三丰']) assert.ok(!page.body.includes(secret), `page must not show ${secret}`);

    const noticeId = /\/notices\/(\d+)\/docx/.exec(page.body)?.[1];
    assert.ok(noticeId, 'receipt notice listed');
    const docx = await web.get(`/requests/track/${caseNumber}/notices/${noticeId}/docx`);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.headers['cache-control'], 'private, no-store');
    assert.equal(docx.headers['x-content-type-options'], 'nosniff');
    assert.match(String(docx.headers['content-disposition']), /^attachment;/);
    assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
    const stranger = await new Client(t.app).get(`/requests/track/${caseNumber}/notices/${noticeId}/docx`);
    assert.equal(stranger.statusCode, 404);
    const noCookie = await new Client(t.app).get(`/requests/track/${caseNumber}`);
    assert.equal(noCookie.statusCode, 303);
    assert.equal(noCookie.headers.location, '/requests/track');
    const forged = new Client(t.app);
    forged.cookies.set('gk_track', `${code.replace('-', '')}.9999999999.${'A'.repeat(43)}`);
    assert.equal((await forged.get(`/requests/track/${caseNumber}`)).statusCode, 303, 'a forged cookie is ignored');

    const noReason = await web.post(`/requests/track/${caseNumber}/withdraw`, { reason: '' });
    const withdrawn = await web.post(`/requests/track/${caseNumber}/withdraw`, { reason: '已通过其他途径获得' });
    const after = await web.get(`/requests/track/${caseNumber}`);

    assert.equal(noReason.statusCode, 400);
    assert.equal(withdrawn.statusCode, 303);
    assert.match(after.body, /已撤回/);
    assert.doesNotMatch(after.body, /\/withdraw"/, 'no withdraw form once withdrawn');
    const status = await t.c.db.selectFrom('requests').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(status.status, 'withdrawn');
  });

  it('explains a consultation pause, and keeps the letter to the third party away from the applicant', async () => {
    const web = new Client(t.app);
    const done = await submit(web, valid({ title: '涉及第三方的信息' }));
    const caseNumber = caseNumberOf(done.body)!;
    const row = await t.c.db.selectFrom('requests').select(['id']).where('caseNumber', '=', caseNumber).executeTakeFirstOrThrow();
    const system = systemActor('test');
    await t.c.requests.confirmReceipt(system, row.id, { on: today });
    await t.c.requests.startConsultation(system, row.id, { kind: 'third-party', party: '某某科技有限公司', infoSummary: '该公司提交的投标文件' });
    const letter = await t.c.db.selectFrom('requestNotices').select('id').where('requestId', '=', row.id).where('kind', '=', 'consultation').executeTakeFirstOrThrow();

    const paused = await web.get(`/requests/track/${caseNumber}`);
    const download = await web.get(`/requests/track/${caseNumber}/notices/${letter.id}/docx`);
    clock.set(new Date('2026-06-04T02:00:00Z'));
    try {
      await t.c.requests.answerConsultation(system, row.id, { consultationId: (await t.c.db.selectFrom('requestConsultations').select('id').where('requestId', '=', row.id).executeTakeFirstOrThrow()).id, on: '2026-06-04', answer: 'consent' });
      const expired = await web.get(`/requests/track/${caseNumber}`);
      await web.get('/requests/track');
      await web.post('/requests/track', { caseNumber, code: queryCodeOf(done.body)! });
      const resumed = await web.get(`/requests/track/${caseNumber}`);

      assert.match(paused.body, /答复期限暂停计算：自 2026年6月1日 起征求第三方意见/);
      assert.doesNotMatch(paused.body, /征求第三方意见函|某某科技有限公司/);
      assert.equal(download.statusCode, 404);
      assert.equal(expired.statusCode, 303, 'the tracking cookie lasts two hours');
      assert.match(resumed.body, /征求第三方意见暂停 3 个工作日（2026年6月1日至2026年6月4日）/);
    } finally {
      clock.set(new Date('2026-06-01T02:00:00Z'));
    }
  });

  it('links a signed-in public user’s application to the account: 我的申请 lists it and the owner sees the timeline without the code', async () => {
    await t.c.users.registerPublic({ kind: 'anonymous' }, { username: 'citizen', displayName: '市民', email: 'citizen@example.cn', password: PASSWORD, confirm: PASSWORD });
    const web = new Client(t.app);
    const empty0 = await web.get('/account/requests');
    await web.get('/account/login');
    await web.post('/account/login', { username: 'citizen', password: PASSWORD });
    const empty = await web.get('/account/requests');
    const account = await web.get('/account');

    const done = await submit(web, valid({ title: '账户申请的信息' }));
    const caseNumber = caseNumberOf(done.body)!;
    web.cookies.delete('gk_track');
    const list = await web.get('/account/requests');
    const page = await web.get(`/requests/track/${caseNumber}`);

    assert.equal(empty0.statusCode, 303);
    assert.match(empty.body, /还没有/);
    assert.match(account.body, /href="\/account\/requests"/);
    assert.match(list.body, new RegExp(`href="/requests/track/${caseNumber}"`));
    assert.match(list.body, /账户申请的信息/);
    assert.match(list.body, /待确认收到/);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('账户申请的信息'));
  });
});
