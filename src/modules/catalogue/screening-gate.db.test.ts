import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { extractText } from '#platform/files/extract.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../test/fixtures/files/${name}`, import.meta.url));
const LIST = fixture('subsidy-list.pdf');
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

  it('needs a reason for every resolution, and only a reviewer resolves', async () => {
    const [idFinding] = (await findings()).filter((f) => f.type === 'id-number');
    assert.equal((await rev.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'dismiss', note: '' })).statusCode, 400);
    assert.equal((await rev.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'erase', note: '理由充分' })).statusCode, 400);
    assert.equal((await ed.post(`/staff/items/${itemId}/findings/${idFinding!.id}`, { action: 'dismiss', note: '编辑不能处理' })).statusCode, 403);
    assert.ok((await findings()).every((f) => f.status === 'open'));
  });

  it('releases the masked text and a redacted copy of the list; the originals stay with staff', async () => {
    // The reviewer masks every ID number of the list and the phone in the body, each with its reason.
    for (const f of (await findings()).filter((x) => x.severity === 'high')) {
      const res = await rev.post(`/staff/items/${itemId}/findings/${f.id}`, { action: 'mask', note: '个人信息，不予公开（条例第十五条）' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    }
    assert.ok((await findings()).filter((f) => f.severity === 'high').every((f) => f.status === 'masked'));
    assert.equal((await rev.post(`/staff/items/${itemId}/approve`, {})).statusCode, 303);

    const web = new Client(t.app);
    const pub = await web.get(`/catalogue/${itemId}`);
    assert.equal(pub.statusCode, 200);
    assert.ok(!pub.body.includes('13812345678'), 'the full phone number is not released');
    assert.ok(pub.body.includes('138****5678'));
    assert.ok(pub.body.includes('依法删除的内容') && pub.body.includes('个人信息，不予公开（条例第十五条）'), 'the redaction log is released with it');
    assert.match(pub.body, /附件《救助名单\.pdf》中的[^<]*身份证[^<]*3 处/);
    assert.match(pub.body, /正文中的[^<]*手机[^<]*1 处/);
    const api = await web.get(`/api/v1/items/${itemId}`);
    assert.ok(!api.body.includes('13812345678'));
    const released = await t.c.db
      .selectFrom('catalogueItems as i')
      .innerJoin('catalogueVersions as v', 'v.id', 'i.currentVersionId')
      .select(['v.bodyText', 'v.unredactedBodyText', 'v.attachmentIds', 'v.unredactedAttachmentIds'])
      .where('i.id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.ok(!released.bodyText.includes('13812345678'));
    assert.ok(released.unredactedBodyText?.includes('13812345678'), 'the original text stays for staff');
    // The public attachment is the generated copy: download it and read it back.
    assert.equal(released.attachmentIds.length, 1);
    assert.notDeepEqual(released.attachmentIds, released.unredactedAttachmentIds);
    const copy = await web.get(`/catalogue/${itemId}/attachments/${released.attachmentIds[0]}`);
    assert.equal(copy.statusCode, 200);
    assert.match(String(copy.headers['content-disposition']), /docx/);
    const text = (await extractText(copy.rawPayload, 'docx')) ?? '';
    assert.ok(text.includes('110101********0014') && text.includes('张三'), 'the list is there, masked');
    for (const id of IDS) assert.ok(!text.includes(id), `no full ID number in the released attachment (${id})`);
    // The original PDF is no longer public, and stays downloadable by staff.
    assert.equal((await web.get(`/catalogue/${itemId}/attachments/${released.unredactedAttachmentIds![0]}`)).statusCode, 404);
    assert.equal((await rev.get(`/staff/items/${itemId}/attachments/${released.unredactedAttachmentIds![0]}`)).statusCode, 200);
    const audit = await t.c.db.selectFrom('auditEntries').select(['action', 'summary']).where('subjectId', '=', itemId).where('action', 'like', 'screening.%').execute();
    assert.ok(audit.some((a) => a.action === 'screening.finding-masked'));
    assert.ok(audit.some((a) => a.action === 'screening.attachment-redacted'));
    for (const a of audit) for (const id of [...IDS, '13812345678']) assert.ok(!JSON.stringify(a.summary).includes(id), 'the audit trail holds no full number');
  });
});
