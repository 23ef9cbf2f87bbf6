import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { buildTestApp, Client, fieldError, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { GUIDE_SECTIONS, type GuideSections } from './index.js';

describe('政府信息公开指南', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let adminA: Client;
  let editorA: Client;
  let adminB: Client;
  const system = systemActor('test');
  const profileA = { officeName: '测试市甲局办公室', address: '测试市人民路 1 号', officeHours: '工作日 9:00–17:00', phone: '0999-1234567', fax: '0999-1234568' };

  const versionsOf = (orgId: string) => t.c.db.selectFrom('agencyGuides').select(['versionNo', 'sections']).where('orgId', '=', orgId).orderBy('versionNo').execute();
  const auditCount = async () => (await t.c.db.selectFrom('auditEntries').select('seq').where('action', '=', 'guide.version-saved').execute()).length;
  /** The guide's form as the page would post it, with some sections changed. */
  const form = async (orgId: string, change: Partial<GuideSections> = {}): Promise<Record<string, string>> => {
    const g = await t.c.guides.forStaff(system, orgId);
    return { ...g.sections, ...change, baseVersion: String(g.versionNo ?? 0) };
  };

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(system, city.a.id, { name: city.a.name, ...profileA });
    const admin = await makeStaff(t.c, 'guide-admin', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    await makeStaff(t.c, 'guide-editor', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    const adminOfB = await makeStaff(t.c, 'guide-admin-b', city.b.id, [{ orgId: city.b.id, role: 'agency_admin' }], { totp: true });
    adminA = new Client(t.app);
    await adminA.loginStaff('guide-admin', undefined, admin.totpSecret);
    editorA = new Client(t.app);
    await editorA.loginStaff('guide-editor');
    adminB = new Client(t.app);
    await adminB.loginStaff('guide-admin-b', undefined, adminOfB.totpSecret);
  });
  after(async () => t.close());

  it('shows the public guide with every required section, the live contact block and an update date', async () => {
    const res = await new Client(t.app).get('/agencies/dept-a/guide');

    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>测试市甲局政府信息公开指南<\/h1>/);
    for (const s of GUIDE_SECTIONS.filter((x) => x.required)) assert.ok(res.body.includes(`、${s.zh}</h2>`), `section ${s.zh}`);
    assert.ok(res.body.includes('、政府信息公开工作机构</h2>'));
    for (const value of Object.values(profileA)) assert.ok(res.body.includes(value), value);
    assert.match(res.body, /更新日期：<time datetime="\d{4}-\d{2}-\d{2}">\d{4}-\d{2}-\d{2}<\/time>/);
    // Default text names the agency and carries the legal deadlines.
    assert.ok(res.body.includes('20 个工作日内予以答复'));
    assert.ok(res.body.includes('60 日内依法申请行政复议'));
    assert.ok(res.body.includes('上一级行政机关（测试市人民政府）'));
    // The agency's page links to it.
    assert.ok((await new Client(t.app).get('/agencies/dept-a')).body.includes('href="/agencies/dept-a/guide"'));
  });

  it('saves a new version that the public sees at once, keeping the old one readable by staff', async () => {
    await t.c.guides.saveVersion(system, city.a.id, (await t.c.guides.forStaff(system, city.a.id)).sections);
    const visitor = new Client(t.app);
    assert.ok(!(await visitor.get('/agencies/dept-a/guide')).body.includes('新的受理点'));

    const res = await adminA.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id, { receivingPoints: '新的受理点：测试市政务服务中心 3 号窗口。\r\n第二段。', other: '其他说明。' }));

    assert.equal(res.statusCode, 303);
    const versions = await versionsOf(city.a.id);
    assert.deepEqual(versions.map((v) => v.versionNo), [1, 2]);
    assert.equal(versions[1]!.sections.receivingPoints, '新的受理点：测试市政务服务中心 3 号窗口。\n第二段。');
    const page = await visitor.get('/agencies/dept-a/guide');
    assert.ok(page.body.includes('<p>新的受理点：测试市政务服务中心 3 号窗口。</p><p>第二段。</p>'));
    assert.ok(page.body.includes('、其他事项</h2>'));
    const old = await adminA.get(`/staff/agencies/${city.a.id}/guide/versions/1`);
    assert.equal(old.statusCode, 200);
    assert.ok(old.body.includes('历史版本'));
    assert.ok(old.body.includes('政府信息查阅点'));
    assert.ok(!old.body.includes('新的受理点'));
    const staffPage = await adminA.get(`/staff/agencies/${city.a.id}/guide`);
    assert.ok(staffPage.body.includes('指南已保存为第 2 版'));
    assert.ok(staffPage.body.includes(`/staff/agencies/${city.a.id}/guide/versions/1`));
    assert.ok(staffPage.body.includes('guide-admin'));
  });

  it('writes one audit entry naming the version and the changed sections', async () => {
    const rows = await t.c.db.selectFrom('auditEntries').select(['summary', 'orgId', 'actorLabel']).where('action', '=', 'guide.version-saved').where('orgId', '=', city.a.id).orderBy('seq').execute();

    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]!.summary, { versionNo: 2, changed: ['receivingPoints', 'other'] });
  });

  it('dates the public guide by its newest version or the profile, whichever is later', async () => {
    const newest = await t.c.db.selectFrom('agencyGuides').select('createdAt').where('orgId', '=', city.a.id).orderBy('versionNo', 'desc').executeTakeFirstOrThrow();
    const org = (await t.c.orgs.lookup(city.a.id))!;
    const later = newest.createdAt > org.updatedAt ? newest.createdAt : org.updatedAt;
    const day = new Date(later.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

    const g = await t.c.guides.publicGuide('dept-a');

    assert.equal(g.updatedAt.getTime(), later.getTime());
    assert.ok((await new Client(t.app).get('/agencies/dept-a/guide')).body.includes(`更新日期：<time datetime="${day}">`));
  });

  it('follows the agency profile live: a new phone number shows on the cached public page', async () => {
    const visitor = new Client(t.app);
    assert.ok((await visitor.get('/agencies/dept-a/guide')).body.includes(profileA.phone));

    await t.c.orgs.updateProfile(system, city.a.id, { name: city.a.name, ...profileA, phone: '0999-7654321' });

    const body = (await visitor.get('/agencies/dept-a/guide')).body;
    assert.ok(body.includes('0999-7654321'));
    assert.ok(!body.includes(profileA.phone));
    await t.c.orgs.updateProfile(system, city.a.id, { name: city.a.name, ...profileA });
  });

  it('saves nothing when the content is unchanged', async () => {
    const before = await auditCount();

    const res = await adminA.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id));

    assert.equal(res.statusCode, 303);
    assert.equal((await versionsOf(city.a.id)).length, 2);
    assert.equal(await auditCount(), before);
    assert.ok((await adminA.get(`/staff/agencies/${city.a.id}/guide`)).body.includes('内容没有变化'));
  });

  it('refuses control characters and over-long sections with Chinese messages next to the field', async () => {
    const ctrl = await adminA.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id, { fees: '不收费。\u0007' }));
    assert.equal(ctrl.statusCode, 400);
    assert.match(fieldError(ctrl.body, 'fees') ?? '', /“信息处理费”含有不允许的控制字符/);

    const long = await adminA.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id, { other: '长'.repeat(5001) }));
    assert.equal(long.statusCode, 400);
    assert.match(fieldError(long.body, 'other') ?? '', /不能超过 5000 个字符/);
    assert.equal((await versionsOf(city.a.id)).length, 2);
  });

  it('refuses a save based on an outdated version', async () => {
    const stale = { ...(await form(city.a.id, { other: '过时的修改。' })), baseVersion: '1' };

    const res = await adminA.post(`/staff/agencies/${city.a.id}/guide`, stale);

    assert.equal(res.statusCode, 409);
    assert.ok(res.body.includes('指南已被他人更新为第 2 版'));
    assert.ok(res.body.includes('name="baseVersion" value="2"'));
    assert.equal((await versionsOf(city.a.id)).length, 2);
  });

  it('lets an editor read the guide but not change it (403), and nothing changes', async () => {
    const page = await editorA.get(`/staff/agencies/${city.a.id}/guide`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('name="baseVersion"'));
    assert.ok(page.body.includes('只有本机构管理员或协调员可以修改指南'));

    const res = await editorA.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id, { other: '编辑的修改。' }));

    assert.equal(res.statusCode, 403);
    assert.equal((await versionsOf(city.a.id)).length, 2);
  });

  it("hides another agency's guide from its admin (404), and nothing changes", async () => {
    assert.equal((await adminB.get(`/staff/agencies/${city.a.id}/guide`)).statusCode, 404);
    assert.equal((await adminB.get(`/staff/agencies/${city.a.id}/guide/versions/1`)).statusCode, 404);
    const res = await adminB.post(`/staff/agencies/${city.a.id}/guide`, await form(city.a.id, { other: '越权修改。' }));

    assert.equal(res.statusCode, 404);
    assert.equal((await versionsOf(city.a.id)).length, 2);
  });

  it('answers 404 for an unknown version, an unknown agency and a deactivated one', async () => {
    assert.equal((await adminA.get(`/staff/agencies/${city.a.id}/guide/versions/99`)).statusCode, 404);
    assert.equal((await adminA.get(`/staff/agencies/${city.a.id}/guide/versions/abc`)).statusCode, 404);
    assert.equal((await new Client(t.app).get('/agencies/no-such-agency/guide')).statusCode, 404);
    assert.equal((await new Client(t.app).get('/agencies/dept-b1/guide')).statusCode, 200);

    await t.c.orgs.setActive(system, city.b1.id, false);

    assert.equal((await new Client(t.app).get('/agencies/dept-b1/guide')).statusCode, 404);
  });

  it('reports what a guide lacks: empty required sections and profile fields', async () => {
    const g = await t.c.guides.forStaff(system, city.b.id);
    assert.deepEqual(g.completeness.missingSections, []);
    assert.deepEqual(g.completeness.missingContact.map((m) => m.key), ['officeName', 'address', 'officeHours', 'phone']);

    await t.c.guides.saveVersion(system, city.b.id, { ...g.sections, fees: '' });

    const after = await t.c.guides.forStaff(system, city.b.id);
    assert.deepEqual(after.completeness.missingSections.map((m) => m.key), ['fees']);
    assert.ok((await adminB.get(`/staff/agencies/${city.b.id}/guide`)).body.includes('未填写：信息处理费'));
    assert.ok((await new Client(t.app).get('/agencies/dept-b/guide')).body.includes('本机构尚未填写此部分内容。'));
    assert.equal((await t.c.guides.forStaff(system, city.a.id)).completeness.complete, true);
  });
});
