import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../test/fixtures/files/${name}`, import.meta.url));
const LIST = fixture('subsidy-list.pdf');
const LIST_MASKED = fixture('subsidy-list-masked.pdf');
const IDS = ['110101198005120014', '320502197511030022', '440306199202280037'];

/**
 * 保密审查 in the catalogue's review: an editor uploads a subsidy list with names and ID numbers;
 * publication is blocked until every high-severity finding is resolved; what is masked leaves the
 * released text; every resolution is audited.
 */
describe('保密审查 gate on publication', () => {
  let t: TestApp;
  let ed: Client;
  let rev: Client;
  let itemId = '';

  before(async () => {
    t = await buildTestApp();
    const city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(systemActor('test'), city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
    await makeStaff(t.c, 'sg-ed', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    await makeStaff(t.c, 'sg-rev', city.a.id, [{ orgId: city.a.id, role: 'reviewer' }]);
    ed = new Client(t.app);
    await ed.loginStaff('sg-ed');
    rev = new Client(t.app);
    await rev.loginStaff('sg-rev');
    const res = await ed.post('/staff/items', {
      orgId: city.a.id,
      title: '2026年度困难群众临时救助名单公示',
      generatedOn: '2026-01-05',
      bodyFormat: 'text',
      body: '现将临时救助名单予以公示，详见附件。\n联系人：赵老师，电话 13812345678。',
    });
    itemId = /\/staff\/items\/(\d+)/.exec(String(res.headers.location))![1]!;
    assert.equal((await ed.upload(`/staff/items/${itemId}/attachments`, {}, { field: 'file', fileName: '救助名单.pdf', content: LIST, type: 'application/pdf' })).statusCode, 303);
    assert.equal((await ed.post(`/staff/items/${itemId}/submit`, {})).statusCode, 303);
  });
  after(async () => t.close());

  const findings = () => t.c.db.selectFrom('screeningFindings').selectAll().where('itemId', '=', itemId).orderBy('id').execute();

  it('finds the ID numbers in the attachment and the phone number in the body, shown masked in place', async () => {
    const rows = await findings();
    assert.equal(rows.filter((f) => f.type === 'id-number' && f.attachmentId).length, 3);
    assert.ok(rows.some((f) => f.type === 'mobile' && f.attachmentId === null));
    const page = await rev.get(`/staff/items/${itemId}`);
    assert.ok(page.body.includes('保密审查发现'));
    assert.ok(page.body.includes('110101********0014'), 'the suggested mask is shown');
    for (const id of IDS) assert.ok(!page.body.includes(id), 'no full ID number from the attachment on the review page');
  });

  it('blocks publication while a high-severity finding is open', async () => {
    const res = await rev.post(`/staff/items/${itemId}/approve`, {});
    assert.equal(res.statusCode, 409);
    assert.ok(res.body.includes('高风险内容尚未处理'));
    const item = await t.c.db.selectFrom('catalogueItems').select(['publicState', 'indexNumber']).where('id', '=', itemId).executeTakeFirstOrThrow();
    assert.equal(item.publicState, 'unpublished');
    assert.equal(item.indexNumber, null);
  });

  it('needs a reason for every resolution, and cannot mask inside an attachment', async () => {
    const [idFinding] = (await findings()).filter((f) => f.type === 'id-number');
    let res = await rev.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'dismiss', note: '' });
    assert.equal(res.statusCode, 400);
    res = await rev.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'mask', note: '个人隐私（条例第十五条）' });
    assert.equal(res.statusCode, 409);
    assert.ok(res.body.includes('上传已删除该内容的附件'));
    assert.equal((await ed.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'dismiss', note: '编辑不能处理' })).statusCode, 403);
    assert.ok((await findings()).every((f) => f.status === 'open'));
  });

  it('releases only masked text after the editor replaces the list and the reviewer masks the phone', async () => {
    const mobile = (await findings()).find((f) => f.type === 'mobile')!;
    assert.equal((await rev.post(`/staff/items/${itemId}/findings/${mobile.id}`, { action: 'mask', note: '个人信息，不予公开（条例第十五条）' })).statusCode, 303);
    // Returned: the editor swaps the attachment for the redacted list; the phone's resolution stays.
    assert.equal((await rev.post(`/staff/items/${itemId}/return`, { reason: '附件名单含完整身份证号，请上传脱敏后的名单。' })).statusCode, 303);
    const att = await t.c.db.selectFrom('catalogueAttachments').select('id').where('itemId', '=', itemId).executeTakeFirstOrThrow();
    assert.equal((await ed.post(`/staff/items/${itemId}/attachments/${att.id}/remove`, {})).statusCode, 303);
    assert.equal((await ed.upload(`/staff/items/${itemId}/attachments`, {}, { field: 'file', fileName: '救助名单（公示版）.pdf', content: LIST_MASKED, type: 'application/pdf' })).statusCode, 303);
    assert.equal((await ed.post(`/staff/items/${itemId}/submit`, {})).statusCode, 303);
    const now = await findings();
    assert.ok(!now.some((f) => f.type === 'id-number'), 'the redacted list has no ID numbers');
    assert.equal(now.find((f) => f.type === 'mobile')?.status, 'masked', 'the resolution survives the rescan');

    assert.equal((await rev.post(`/staff/items/${itemId}/approve`, {})).statusCode, 303);
    const web = new Client(t.app);
    const pub = await web.get(`/catalogue/${itemId}`);
    assert.equal(pub.statusCode, 200);
    assert.ok(!pub.body.includes('13812345678'), 'the full phone number is not released');
    assert.ok(pub.body.includes('138****5678'));
    assert.ok(pub.body.includes('依法删除的内容') && pub.body.includes('个人信息，不予公开（条例第十五条）'), 'the redaction log is released with it');
    const api = await web.get(`/api/v1/items/${itemId}`);
    assert.ok(!api.body.includes('13812345678'));
    const released = await t.c.db
      .selectFrom('catalogueItems as i')
      .innerJoin('catalogueVersions as v', 'v.id', 'i.currentVersionId')
      .select(['v.bodyText', 'v.unredactedBodyText', 'v.attachmentIds'])
      .where('i.id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.ok(!released.bodyText.includes('13812345678'));
    assert.ok(released.unredactedBodyText?.includes('13812345678'), 'the original stays for staff');
    const texts = await t.c.db.selectFrom('catalogueAttachments').select('textContent').where('id', 'in', released.attachmentIds).execute();
    for (const id of IDS) assert.ok(texts.every((x) => !(x.textContent ?? '').includes(id)), 'no full ID number in the released attachment');
    const audit = await t.c.db.selectFrom('auditEntries').select(['action', 'summary']).where('subjectId', '=', itemId).where('action', 'like', 'screening.%').execute();
    assert.ok(audit.some((a) => a.action === 'screening.finding-masked'));
    assert.ok(audit.every((a) => !JSON.stringify(a.summary).includes('13812345678')), 'the audit trail holds no full number');
  });
});
