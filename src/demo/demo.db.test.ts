import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, Client, type TestApp } from '#test/app.js';
import { GUIDE_SECTIONS } from '#modules/catalogue/index.js';
import { seedDemo } from './seed.js';

/** The demo city as `npm run demo` loads it: every agency's 指南 complete, the catalogue in place. */
describe('demo city', () => {
  let t: TestApp;
  let web: Client;

  before(async () => {
    t = await buildTestApp();
    await seedDemo(t.c);
    web = new Client(t.app);
  });
  after(async () => t.close());

  it('shows every agency’s 指南 with all required sections, the contact block and its update date', async () => {
    const orgs = await t.c.db.selectFrom('organisations').select(['slug', 'name']).where('isActive', '=', true).execute();
    assert.ok(orgs.length >= 30);
    for (const o of orgs) {
      const res = await web.get(`/agencies/${o.slug}/guide`);
      assert.equal(res.statusCode, 200, o.slug);
      for (const s of GUIDE_SECTIONS.filter((x) => x.required)) assert.ok(res.body.includes(s.zh), `${o.name}: section ${s.zh}`);
      assert.ok(!res.body.includes('本机构尚未填写此部分内容'), `${o.name}: no empty required section`);
      assert.ok(res.body.includes('政府信息公开工作机构'), `${o.name}: contact block`);
      assert.match(res.body, /更新日期：\s*(<[^>]+>)*\s*\d{4}-\d{2}-\d{2}/, `${o.name}: update date`);
    }
  });

  it('holds 1,000+ published real documents, every department with some, and a verifying audit chain', async () => {
    const n = await t.c.db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).where('publicState', '=', 'published').executeTakeFirstOrThrow();
    assert.ok(Number(n.n) >= 1000);
    const empty = await t.c.db
      .selectFrom('organisations as o')
      .select('o.slug')
      .where('o.kind', '=', 'department')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('catalogueItems as i').select('i.id').whereRef('i.orgId', '=', 'o.id'))))
      .execute();
    assert.deepEqual(empty, []);
    const res = await web.get('/agencies/sz-jyj/catalogue');
    assert.equal(res.statusCode, 200);
    assert.ok((await t.c.audit.verify()).ok);
  });
});
