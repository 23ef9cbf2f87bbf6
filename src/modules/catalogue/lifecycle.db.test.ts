import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, seedSmallCity, type TestApp } from '#test/app.js';

const PDF = fs.readFileSync(new URL('../../../test/fixtures/files/notice-zh.pdf', import.meta.url));

/**
 * The acceptance walk through the real service (no fixtures): at every step of an item's life,
 * every public surface shows exactly what it should — including pages already in the page cache.
 */
describe('every public surface follows the lifecycle', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let web: Client;
  const sys = systemActor('test');

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(sys, city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
    web = new Client(t.app);
  });
  after(async () => t.close());

  /** Text of every public surface that could show the item (listings, page, feed, exports, API, sitemap). */
  async function surfaces(id: string, attachmentId?: string): Promise<Record<string, { status: number; body: string }>> {
    const urls: Record<string, string> = {
      listing: '/catalogue',
      agencyListing: '/agencies/dept-a/catalogue',
      item: `/catalogue/${id}`,
      feed: '/catalogue/feed.atom',
      topicFeed: '/catalogue/feed.atom?topic=11',
      csv: '/catalogue.csv',
      json: '/catalogue.json',
      apiList: '/api/v1/items?pageSize=100',
      apiItem: `/api/v1/items/${id}`,
      sitemap: '/sitemap-items-1.xml',
      // Search: the query is lower-case, so the page's echo of it never matches the upper-case markers.
      search: '/search?q=lctitle',
      searchBody: '/search?q=lcbody1',
      apiSearch: '/api/search?q=lctitle',
      ...(attachmentId ? { attachment: `/catalogue/${id}/attachments/${attachmentId}` } : {}),
    };
    const out: Record<string, { status: number; body: string }> = {};
    for (const [k, u] of Object.entries(urls)) {
      const r = await web.get(u);
      out[k] = { status: r.statusCode, body: r.body };
    }
    return out;
  }

  function assertAbsent(s: Record<string, { status: number; body: string }>, id: string, markers: string[], when: string) {
    for (const [k, r] of Object.entries(s)) {
      if (k === 'item' || k === 'apiItem' || k === 'attachment') assert.equal(r.status, 404, `${when}: ${k} answers 404`);
      else assert.ok(r.status === 200, `${when}: ${k} answers ${r.status}`);
      for (const m of markers) assert.ok(!r.body.includes(m), `${when}: ${k} must not show ${m}`);
      if (k === 'sitemap' || k === 'feed') assert.ok(!r.body.includes(`/catalogue/${id}<`) && !r.body.includes(`/catalogue/${id}"`), `${when}: ${k} must not link the item`);
    }
  }

  it('draft, submitted, returned: nowhere; published: everywhere; revision pending: the old text; withdrawn: nowhere', async () => {
    const TITLE = '生命周期测试文件LCTITLE';
    const { id } = await t.c.catalogue.create(sys, city.a.id, { title: TITLE, generatedOn: '2026-01-05', topic: '1102', bodyText: '正文LCBODY1' });
    await t.c.catalogue.addAttachment(sys, id, { fileName: '附件.pdf', buffer: PDF });
    const att = await t.c.db.selectFrom('catalogueAttachments').select('id').where('itemId', '=', id).executeTakeFirstOrThrow();
    // Warm the page cache first, so that staleness would show.
    assertAbsent(await surfaces(id, att.id), id, ['LCTITLE', 'LCBODY1'], 'draft');
    await t.c.catalogue.submit(sys, id);
    assertAbsent(await surfaces(id, att.id), id, ['LCTITLE', 'LCBODY1'], 'submitted');
    await t.c.catalogue.returnForChanges(sys, id, { reason: '补充说明' });
    assertAbsent(await surfaces(id, att.id), id, ['LCTITLE', 'LCBODY1'], 'returned');
    await t.c.catalogue.submit(sys, id);
    const { indexNumber } = await t.c.catalogue.approve(sys, id);

    let s = await surfaces(id, att.id);
    for (const k of ['listing', 'agencyListing', 'item', 'feed', 'topicFeed', 'csv', 'json', 'apiList', 'apiItem', 'search', 'searchBody', 'apiSearch']) {
      assert.equal(s[k]!.status, 200, k);
      assert.ok(s[k]!.body.includes('LCTITLE'), `published: ${k} shows the title`);
    }
    assert.ok(s.item!.body.includes('LCBODY1') && s.item!.body.includes(indexNumber));
    assert.ok(s.sitemap!.body.includes(`/catalogue/${id}`));
    assert.equal(s.attachment!.status, 200);

    // A pending revision changes nothing public.
    await t.c.catalogue.update(sys, id, { title: '修订稿LCNEW', generatedOn: '2026-01-05', bodyText: '正文LCBODY2' });
    s = await surfaces(id, att.id);
    for (const [k, r] of Object.entries(s)) assert.ok(!r.body.includes('LCNEW') && !r.body.includes('LCBODY2'), `revision draft leaks on ${k}`);
    assert.ok(s.item!.body.includes('LCBODY1'));
    await t.c.catalogue.submit(sys, id);
    await t.c.catalogue.approve(sys, id);
    s = await surfaces(id, att.id);
    assert.ok(s.item!.body.includes('LCNEW') && s.item!.body.includes('LCBODY2'), 'the approved revision is public');
    assert.ok(s.listing!.body.includes('LCNEW'));

    // 废止: still public, marked.
    await t.c.catalogue.setValidity(sys, id, { validity: 'repealed', changedOn: '2026-02-01' });
    s = await surfaces(id, att.id);
    assert.equal(s.item!.status, 200);
    assert.ok(s.item!.body.includes('已废止'));

    await t.c.catalogue.withdraw(sys, id, { reason: '内容有误' });
    assertAbsent(await surfaces(id, att.id), id, ['LCTITLE', 'LCNEW', 'LCBODY1', 'LCBODY2'], 'withdrawn');
  });

  it('依申请公开 and 不予公开 items are recorded and reviewed but never shown', async () => {
    for (const [disclosure, extra] of [
      ['on_request', {}],
      ['withheld', { withheldGround: 'art16_process' }],
    ] as const) {
      const marker = `NP${disclosure.toUpperCase()}`;
      const { id } = await t.c.catalogue.create(sys, city.a.id, { title: `不公开${marker}`, generatedOn: '2026-01-06', disclosure, ...extra, bodyText: `正文${marker}` });
      await t.c.catalogue.submit(sys, id);
      await t.c.catalogue.approve(sys, id);
      const item = await t.c.db.selectFrom('catalogueItems').select(['publicState', 'indexNumber']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(item.publicState, 'published');
      assert.ok(item.indexNumber, 'it has its place in the catalogue');
      assertAbsent(await surfaces(id), id, [marker], disclosure);
    }
  });
});
