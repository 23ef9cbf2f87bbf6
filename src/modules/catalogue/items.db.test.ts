import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, fieldError, fixedClock, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';

const PDF = fs.readFileSync(new URL('../../../test/fixtures/files/notice-zh.pdf', import.meta.url));

describe('catalogue items: record, review, publish, revise, withdraw', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const editor = () => new Client(t.app);
  let ed: Client;
  let rev: Client;
  let edB: Client;
  const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));

  before(async () => {
    t = await buildTestApp({ clock });
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(systemActor('test'), city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
    await t.c.orgs.updateProfile(systemActor('test'), city.b.id, { name: city.b.name, creditCode: makeCreditCode('11990100', '00002435') });
    await makeStaff(t.c, 'ed-a', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    await makeStaff(t.c, 'rev-a', city.a.id, [{ orgId: city.a.id, role: 'reviewer' }]);
    await makeStaff(t.c, 'edrev-a', city.a.id, [
      { orgId: city.a.id, role: 'editor' },
      { orgId: city.a.id, role: 'reviewer' },
    ]);
    await makeStaff(t.c, 'ed-b', city.b.id, [{ orgId: city.b.id, role: 'editor' }]);
    ed = editor();
    await ed.loginStaff('ed-a');
    rev = editor();
    await rev.loginStaff('rev-a');
    edB = editor();
    await edB.loginStaff('ed-b');
  });
  after(async () => t.close());

  const form = (over: Record<string, string> = {}) => ({
    orgId: city.a.id,
    title: '关于做好2026年春季学期开学工作的通知',
    docNumber: '测甲发〔2026〕1号',
    generatedOn: '2026-02-27',
    summary: '部署春季学期开学工作。',
    topic: '1102',
    genre: 'G08',
    keywords: '开学，教育',
    disclosure: 'proactive',
    scope: 'public',
    art20: '11',
    bodyFormat: 'html',
    body: '<p>各学校：</p><p>现将有关事项通知如下。</p><script>alert(1)</script><img src=x onerror="alert(2)">',
    ...over,
  });
  const idOf = (location: unknown) => /\/staff\/items\/(\d+)/.exec(String(location))![1]!;

  it('walks the whole life of an item as staff would, through the pages', async () => {
    // Record: the body is sanitised on save and the editor is told.
    let res = await ed.post('/staff/items', form());
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const id = idOf(res.headers.location);
    res = await ed.get(`/staff/items/${id}`);
    assert.ok(res.body.includes('已被清除'), `the editor learns that script was stripped: ${/notice[^<]*<[^<]*/.exec(res.body)?.[0]}`);
    assert.ok(!res.body.includes('<script>alert(1)'));
    assert.ok(!res.body.includes('onerror'));
    const stored = await t.c.db.selectFrom('catalogueVersions').select(['bodyHtml', 'bodyText']).where('itemId', '=', id).executeTakeFirstOrThrow();
    assert.ok(!/script|onerror/i.test(stored.bodyHtml));
    assert.ok(stored.bodyText.includes('现将有关事项通知如下'));

    // Attachment, checked by content and stored by hash, with its text extracted.
    res = await ed.upload(`/staff/items/${id}/attachments`, {}, { field: 'file', fileName: '开学通知.pdf', content: PDF, type: 'application/pdf' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 800));
    const att = await t.c.db.selectFrom('catalogueAttachments').selectAll().where('itemId', '=', id).executeTakeFirstOrThrow();
    assert.equal(att.mediaType, 'application/pdf');
    assert.ok((att.textContent ?? '').length > 0, 'text extracted from the PDF');
    res = await ed.get(`/staff/items/${id}/attachments/${att.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''%E5%BC%80%E5%AD%A6/);

    // Submit; the reviewer returns it once with a reason.
    assert.equal((await ed.post(`/staff/items/${id}/submit`, {})).statusCode, 303);
    res = await ed.post(`/staff/items/${id}/edit`, { ...form(), title: '改题' });
    assert.equal(res.statusCode, 409, 'no edits while under review');
    res = await rev.post(`/staff/items/${id}/return`, { reason: '' });
    assert.equal(res.statusCode, 400);
    assert.ok(fieldError(res.body, 'reason'));
    res = await rev.post(`/staff/items/${id}/return`, { reason: '请补充附件说明。' });
    assert.equal(res.statusCode, 303);
    res = await ed.get(`/staff/items/${id}`);
    assert.ok(res.body.includes('请补充附件说明。'));

    // Resubmitted, approved: published with a fresh 索引号.
    assert.equal((await ed.post(`/staff/items/${id}/edit`, form({ summary: '部署春季学期开学工作（附件为通知原文）。' }))).statusCode, 303);
    assert.equal((await ed.post(`/staff/items/${id}/submit`, {})).statusCode, 303);
    res = await rev.post(`/staff/items/${id}/approve`, {});
    assert.equal(res.statusCode, 303);
    let item = await t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(item.publicState, 'published');
    assert.equal(item.workState, null);
    assert.match(item.indexNumber ?? '', /\/2026-00001$/);
    assert.equal(item.title, '关于做好2026年春季学期开学工作的通知');

    // Revision: the public keeps version 1 until version 2 is approved; both stay for staff.
    assert.equal((await ed.post(`/staff/items/${id}/edit`, form({ title: '关于做好2026年春季学期开学工作的通知（修订）' }))).statusCode, 303);
    item = await t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(item.workState, 'draft');
    assert.equal(item.title, '关于做好2026年春季学期开学工作的通知', 'the public snapshot is unchanged by a draft revision');
    assert.equal((await ed.post(`/staff/items/${id}/submit`, {})).statusCode, 303);
    clock.advance(60_000);
    assert.equal((await rev.post(`/staff/items/${id}/approve`, {})).statusCode, 303);
    item = await t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(item.title, '关于做好2026年春季学期开学工作的通知（修订）');
    assert.match(item.indexNumber ?? '', /\/2026-00001$/, 'a revision keeps its 索引号');
    assert.ok(item.updatedPublicAt! > item.firstPublishedAt!);
    res = await ed.get(`/staff/items/${id}/versions/1`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('关于做好2026年春季学期开学工作的通知'));
    const versions = await t.c.db.selectFrom('catalogueVersions').select(['versionNo', 'publishedAt', 'attachmentIds']).where('itemId', '=', id).orderBy('versionNo').execute();
    assert.equal(versions.length, 2);
    assert.ok(versions.every((v) => v.publishedAt !== null));
    assert.deepEqual(versions[1]!.attachmentIds, versions[0]!.attachmentIds, 'the revision carries the attachments over');

    // 废止: still public, marked; withdrawal needs a reason.
    assert.equal((await ed.post(`/staff/items/${id}/validity`, { validity: 'repealed', changedOn: '2026-03-10' })).statusCode, 403, 'editors do not repeal');
    assert.equal((await rev.post(`/staff/items/${id}/validity`, { validity: 'repealed', changedOn: '' })).statusCode, 400);
    assert.equal((await rev.post(`/staff/items/${id}/validity`, { validity: 'repealed', changedOn: '2026-03-10' })).statusCode, 303);
    res = await rev.post(`/staff/items/${id}/withdraw`, { reason: '' });
    assert.equal(res.statusCode, 400);
    assert.equal((await ed.post(`/staff/items/${id}/withdraw`, { reason: '发布有误。' })).statusCode, 403, 'editors do not withdraw');
    assert.equal((await rev.post(`/staff/items/${id}/withdraw`, { reason: '发布有误，内容重复。' })).statusCode, 303);
    item = await t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(item.publicState, 'withdrawn');
    assert.equal(item.validity, 'repealed');
    assert.equal((await ed.post(`/staff/items/${id}/edit`, form())).statusCode, 409, 'a withdrawn item is closed');

    const actions = (await t.c.db.selectFrom('auditEntries').select('action').where('subjectId', '=', id).orderBy('seq').execute()).map((a) => a.action);
    for (const a of ['catalogue.item-created', 'catalogue.attachment-added', 'catalogue.item-submitted', 'catalogue.item-returned', 'catalogue.item-approved', 'catalogue.item-published', 'catalogue.revision-started', 'catalogue.item-revised', 'catalogue.validity-changed', 'catalogue.item-withdrawn']) {
      assert.ok(actions.includes(a), `audited: ${a}`);
    }
  });

  it('never lets anyone approve their own work', async () => {
    const both = editor();
    await both.loginStaff('edrev-a');
    let res = await both.post('/staff/items', form({ title: '自己起草的信息' }));
    const id = idOf(res.headers.location);
    await both.post(`/staff/items/${id}/submit`, {});
    res = await both.post(`/staff/items/${id}/approve`, {});
    assert.equal(res.statusCode, 403);
    assert.ok(res.body.includes('不能审查自己'));
    assert.equal((await t.c.db.selectFrom('catalogueItems').select('publicState').where('id', '=', id).executeTakeFirstOrThrow()).publicState, 'unpublished');
    // Editors cannot review at all.
    assert.equal((await ed.post(`/staff/items/${id}/approve`, {})).statusCode, 403);
  });

  it('keeps other agencies out: their items are not found, and nothing changes', async () => {
    const res = await ed.post('/staff/items', form({ title: '甲局内部草稿' }));
    const id = idOf(res.headers.location);
    assert.equal((await edB.get(`/staff/items/${id}`)).statusCode, 404);
    assert.equal((await edB.post(`/staff/items/${id}/edit`, form({ title: '被乙局修改' }))).statusCode, 404);
    assert.equal((await edB.post(`/staff/items/${id}/submit`, {})).statusCode, 404);
    assert.ok(!(await edB.get('/staff/items')).body.includes('甲局内部草稿'));
    assert.equal((await edB.post('/staff/items', form({ title: '冒用甲局' }))).statusCode, 400, 'cannot record for an agency outside its reach');
    const v = await t.c.db.selectFrom('catalogueVersions').select('title').where('itemId', '=', id).executeTakeFirstOrThrow();
    assert.equal(v.title, '甲局内部草稿');
  });

  it('refuses bad input with Chinese messages and saves nothing', async () => {
    const count = async () => Number((await t.c.db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [Record<string, string>, string][] = [
      [{ title: '' }, 'title'],
      [{ generatedOn: '2026-02-30' }, 'generatedOn'],
      [{ generatedOn: '2027-01-01' }, 'generatedOn'],
      [{ topic: '9999' }, 'topic'],
      [{ genre: '不存在的体裁' }, 'genre'],
      [{ disclosure: 'withheld' }, 'withheldGround'],
      [{ art20: '16' }, 'art20'],
      [{ title: 'a\u0007b' }, 'title'],
      [{ coIssuers: 'no-such-agency' }, 'coIssuers'],
    ];
    for (const [over, field] of cases) {
      const res = await ed.post('/staff/items', form(over));
      assert.equal(res.statusCode, 400, `${field}: ${res.statusCode}`);
      const msg = fieldError(res.body, field);
      assert.ok(msg && /[\u4e00-\u9fff]/.test(msg), `${field} has a Chinese message, got ${msg}`);
    }
    assert.equal(await count(), before);
  });

  it('warns when a 文号 is already used by the agency, and still saves', async () => {
    await ed.post('/staff/items', form({ title: '甲', docNumber: '测甲发〔2026〕9号' }));
    const res = await ed.post('/staff/items', form({ title: '乙', docNumber: '测甲发〔2026〕9号' }));
    assert.equal(res.statusCode, 303);
    const page = await ed.get(String(res.headers.location));
    assert.ok(page.body.includes('已被本机构另一条信息'));
  });

  it('refuses a renamed PDF and an oversize file without attaching anything', async () => {
    const res0 = await ed.post('/staff/items', form({ title: '附件校验' }));
    const id = idOf(res0.headers.location);
    let res = await ed.upload(`/staff/items/${id}/attachments`, {}, { field: 'file', fileName: '伪装.docx', content: PDF });
    assert.equal(res.statusCode, 400);
    assert.match(fieldError(res.body, 'file') ?? '', /PDF/);
    res = await ed.upload(`/staff/items/${id}/attachments`, {}, { field: 'file', fileName: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(t.config.maxUploadBytes)]) });
    assert.equal(res.statusCode, 400);
    assert.match(fieldError(res.body, 'file') ?? '', /大小限制/);
    const n = await t.c.db.selectFrom('catalogueAttachments').select('id').where('itemId', '=', id).execute();
    assert.equal(n.length, 0);
  });

  it('flags unpublished proactive items that are overdue or due soon (working days, 调休 aware)', async () => {
    // 2026-02-27 + 20 working days = 2026-03-27; on 2026-03-03 that is not yet due soon.
    const { id } = await t.c.catalogue.create(systemActor('test'), city.a.id, { title: '逾期测试', generatedOn: '2026-01-05', bodyText: '正文' });
    const due = await t.c.catalogue.dueItems(systemActor('test'));
    const mine = due.find((d) => d.id === id);
    assert.ok(mine, 'an item formed on 2026-01-05 is overdue in March');
    assert.equal(mine.status, 'overdue');
    // 2026-01-05 + 20 working days crosses no holiday: 2026-02-02.
    assert.equal(mine.due, '2026-02-02');
  });

  it('gives 50 concurrent publications 50 distinct 索引号', async () => {
    const sys = systemActor('test');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { id } = await t.c.catalogue.create(sys, city.b.id, { title: `并发发布 ${i}`, generatedOn: '2026-03-01', bodyText: '正文' });
      await t.c.catalogue.submit(sys, id);
      ids.push(id);
    }
    await Promise.all(ids.map((id) => t.c.catalogue.approve(sys, id)));
    const numbers = (await t.c.db.selectFrom('catalogueItems').select('indexNumber').where('id', 'in', ids).execute()).map((r) => r.indexNumber);
    assert.equal(new Set(numbers).size, 50);
    assert.ok(numbers.every((n) => n && /\/2026-000(0[1-9]|[1-4]\d|50)$/.test(n)), 'serials 1–50, none skipped');
  });
});
