import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { runInventoryScan } from './inventory-scan.js';

describe('清理: the inventory scan of the published catalogue', () => {
  let t: TestApp;
  const sys = systemActor('test');

  before(async () => {
    t = await buildTestApp();
    const city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(sys, city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
    await t.c.orgs.updateProfile(sys, city.b.id, { name: city.b.name, creditCode: makeCreditCode('11990100', '00002435') });
    const line = (agency: string, title: string, body: string) => JSON.stringify({ agency, title, generatedOn: '2024-03-01', bodyText: body, state: 'published' });
    const r = await t.c.importItems(sys, [line('dept-a', '甲局旧公示', '申请人张三，身份证号 110101198005120014。'), line('dept-a', '甲局干净的通知', '无个人信息。'), line('dept-b', '乙局旧公示', '联系电话 13912345678。')].join('\n'));
    assert.equal(r.imported, 3);
    await makeStaff(t.c, 'inv-rev-a', city.a.id, [{ orgId: city.a.id, role: 'reviewer' }]);
    coordSecret = (await makeStaff(t.c, 'inv-coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], { totp: true })).totpSecret!;
    deptA = city.a.id;
  });
  let coordSecret = '';
  let deptA = '';
  after(async () => t.close());

  it('finds what the published items hold, reporting progress, and audits the run', async () => {
    const progress: number[] = [];
    const r = await runInventoryScan({ db: t.c.db, audit: t.c.audit, clock: t.c.clock }, 'test', (done) => progress.push(done));
    assert.equal(r.scanned, 3);
    assert.deepEqual(progress, [3]);
    assert.equal(r.byType['id-number'], 1);
    assert.equal(r.byType.mobile, 1);
    const report = await t.c.db.selectFrom('screeningReports').selectAll().where('id', '=', r.reportId).executeTakeFirstOrThrow();
    assert.ok(report.finishedAt);
    assert.equal(report.itemsScanned, 3);
    const actions = (await t.c.db.selectFrom('auditEntries').select('action').where('subjectType', '=', 'screening_report').execute()).map((a) => a.action);
    assert.deepEqual(actions.sort(), ['screening.inventory-finished', 'screening.inventory-started']);
  });

  it('shows each reader only the findings of their agencies, masked', async () => {
    const rev = new Client(t.app);
    await rev.loginStaff('inv-rev-a');
    const list = await rev.get('/staff/screening');
    assert.equal(list.statusCode, 200);
    const id = /\/staff\/screening\/(\d+)/.exec(list.body)![1]!;
    const page = await rev.get(`/staff/screening/${id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('甲局旧公示'));
    assert.ok(page.body.includes('110101********0014'));
    assert.ok(!page.body.includes('110101198005120014'), 'no full number on the report');
    assert.ok(!page.body.includes('乙局旧公示'), 'another agency’s findings stay hidden');
    assert.ok(page.body.includes('<progress'));
    assert.equal((await rev.get('/staff/screening/999')).statusCode, 404);
  });

  it('lets the coordinator keep sensitive words, which then reach the item review and the scan', async () => {
    const rev = new Client(t.app);
    await rev.loginStaff('inv-rev-a');
    assert.equal((await rev.post('/staff/sensitive-words', { word: '内部讨论稿' })).statusCode, 403, 'only the coordinator');
    const coord = new Client(t.app);
    await coord.loginStaff('inv-coord', undefined, coordSecret);
    let res = await coord.post('/staff/sensitive-words', { word: '内' });
    assert.equal(res.statusCode, 400);
    res = await coord.post('/staff/sensitive-words', { word: '内部讨论稿', orgId: deptA });
    assert.equal(res.statusCode, 303);
    assert.equal((await coord.post('/staff/sensitive-words', { word: '内部讨论稿', orgId: deptA })).statusCode, 409);
    assert.ok((await coord.get('/staff/sensitive-words')).body.includes('内部讨论稿'));
    const { id } = await t.c.catalogue.create(sys, deptA, { title: '含敏感词的草稿', generatedOn: '2024-03-02', bodyText: '本文为内部讨论稿，请勿外传。' });
    const f = await t.c.db.selectFrom('screeningFindings').select(['type', 'severity']).where('itemId', '=', id).execute();
    assert.ok(f.some((x) => x.type === 'sensitive-word'), 'the agency’s word is flagged for review');
    const audit = await t.c.db.selectFrom('auditEntries').select('action').where('action', '=', 'screening.word-added').execute();
    assert.equal(audit.length, 1);
  });
});
