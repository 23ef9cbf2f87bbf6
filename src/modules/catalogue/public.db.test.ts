import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { createDiskStorage } from '#platform/files/storage.js';
import { buildTestApp, Client, seedSmallCity, type TestApp } from '#test/app.js';
import { insertItem, type InsertedItem } from '#test/catalogue-fixtures.js';

/** A tiny well-formedness check: tags balance, attributes quoted, no bare ampersands. */
function assertWellFormedXml(xml: string, root: string): void {
  assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>\n/);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  assert.doesNotMatch(body, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i, 'bare ampersand');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<[^>]*>/g)) {
    if (m[2] === undefined) assert.fail(`malformed tag ${m[0]}`);
    if (m[1]) assert.equal(stack.pop(), m[2], `unbalanced </${m[2]}>`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.match(body.trimStart(), new RegExp(`^<${root}[\\s>]`));
}

describe('public catalogue: one visibility rule on every surface', () => {
  let t: TestApp;
  let web: Client;
  let filesDir: string;
  const items: Record<string, InsertedItem> = {};
  /** Markers that must appear on public surfaces, and those that must never. */
  const visible = ['PUB', 'REVOLD', 'REPEALED', 'INTERP', 'SUBITEM'];
  const hidden = ['DRAFT', 'SUBMITTED', 'RETURNED', 'ONREQ', 'WITHHELD', 'WITHDRAWN', 'REVNEW', 'INACTIVE', 'WDINTERP'];
  const title = (m: string) => `标题-${m}-MARK`;
  const body = (m: string) => `正文-${m}-BODYMARK`;

  before(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-public-'));
    t = await buildTestApp({ config: { filesDir, publicUrl: 'https://gov.example.cn' } });
    const city = await seedSmallCity(t.c);
    const gone = await t.c.orgs.createOrg(systemActor('test'), { parentId: city.city.id, slug: 'dept-gone', name: '测试市已撤销局', kind: 'department' });
    const db = t.c.db;
    // The same folder the app reads attachments from (config.filesDir).
    const put = createDiskStorage(t.config.filesDir);
    const a = city.a.id;
    const at = (day: number) => new Date(Date.UTC(2023, 5, day, 2, 0, 0));
    items.PUB = await insertItem(
      db,
      {
        orgId: a,
        title: title('PUB'),
        body: body('PUB'),
        summary: '概述-PUB',
        generatedOn: '2023-03-01',
        firstPublishedAt: at(10),
        updatedPublicAt: at(20),
        topicCode: '0201',
        genreCode: 'G08',
        docNumber: '测甲发〔2023〕1号',
        indexNumber: '000000001/2023-00001',
        keywords: ['政务公开', '目录'],
        coIssuerIds: [city.b.id],
        effectiveOn: '2023-04-01',
        attachments: [{ fileName: '附件一 实施方案.pdf', content: 'PDF-CONTENT-PUB' }],
      },
      put,
    );
    items.DRAFT = await insertItem(db, { orgId: a, title: title('DRAFT'), body: body('DRAFT'), publicState: 'unpublished', workState: 'draft', generatedOn: '2023-03-02', attachments: [{ fileName: 'draft.pdf', content: 'D' }] }, put);
    items.SUBMITTED = await insertItem(db, { orgId: a, title: title('SUBMITTED'), body: body('SUBMITTED'), publicState: 'unpublished', workState: 'submitted', generatedOn: '2023-03-03' });
    items.RETURNED = await insertItem(db, { orgId: a, title: title('RETURNED'), body: body('RETURNED'), publicState: 'unpublished', workState: 'returned', generatedOn: '2023-03-04' });
    items.ONREQ = await insertItem(db, { orgId: a, title: title('ONREQ'), body: body('ONREQ'), disclosure: 'on_request', generatedOn: '2023-03-05', attachments: [{ fileName: 'onreq.pdf', content: 'O' }] }, put);
    items.WITHHELD = await insertItem(db, { orgId: a, title: title('WITHHELD'), body: body('WITHHELD'), disclosure: 'withheld', generatedOn: '2023-03-06' });
    items.WITHDRAWN = await insertItem(db, { orgId: a, title: title('WITHDRAWN'), body: body('WITHDRAWN'), publicState: 'withdrawn', generatedOn: '2023-03-07', attachments: [{ fileName: 'withdrawn.pdf', content: 'W' }] }, put);
    items.REV = await insertItem(
      db,
      {
        orgId: a,
        title: title('REVOLD'),
        body: body('REVOLD'),
        workState: 'draft',
        workTitle: title('REVNEW'),
        workBody: body('REVNEW'),
        generatedOn: '2023-03-08',
        firstPublishedAt: at(12),
        attachments: [{ fileName: 'old.pdf', content: 'OLD' }],
        workAttachments: [{ fileName: 'new.pdf', content: 'NEW' }],
      },
      put,
    );
    items.REPEALED = await insertItem(db, { orgId: a, title: title('REPEALED'), body: body('REPEALED'), generatedOn: '2023-01-09', firstPublishedAt: at(5), validity: 'repealed', validityChangedOn: '2023-12-31', repealedOn: '2023-12-31', topicCode: '0202', genreCode: 'G07' });
    items.INTERP = await insertItem(db, { orgId: a, title: title('INTERP'), body: body('INTERP'), generatedOn: '2023-03-11', firstPublishedAt: at(14), interpretsId: items.PUB.id, genreCode: 'G08' });
    items.WDINTERP = await insertItem(db, { orgId: a, title: title('WDINTERP'), body: body('WDINTERP'), publicState: 'withdrawn', generatedOn: '2023-03-12', interpretsId: items.PUB.id });
    items.SUBITEM = await insertItem(db, { orgId: city.a1.id, title: title('SUBITEM'), body: body('SUBITEM'), generatedOn: '2023-05-01', firstPublishedAt: at(15), topicCode: '0301' });
    items.INACTIVE = await insertItem(db, { orgId: gone.id, title: title('INACTIVE'), body: body('INACTIVE'), generatedOn: '2023-05-02' });
    await t.c.orgs.setActive(systemActor('test'), gone.id, false);
    // Bulk for paging, other years and formula injection (dept-b, 2022).
    for (let n = 1; n <= 23; n++) {
      await insertItem(db, { orgId: city.b.id, title: `乙局文件 ${String(n).padStart(2, '0')}`, generatedOn: `2022-${String((n % 12) + 1).padStart(2, '0')}-10`, firstPublishedAt: new Date(Date.UTC(2022, 0, n)) });
    }
    items.FORMULA = await insertItem(db, { orgId: city.b.id, title: '=HYPERLINK("http://evil.example","点击")', docNumber: '+cmd|x', generatedOn: '2021-06-01' });
    items.AT = await insertItem(db, { orgId: city.b.id, title: '@SUM(A1) 与 "引号", 逗号', docNumber: '-2+3', generatedOn: '2021-06-02' });
    web = new Client(t.app);
  });
  after(async () => {
    await t.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const presence = (text: string, where: string, markers = { yes: visible, no: hidden }) => {
    for (const m of markers.yes) assert.ok(text.includes(`${m}-MARK`), `${where} lists ${m}`);
    for (const m of markers.no) assert.ok(!text.includes(`${m}-MARK`) && !text.includes(`${m}-BODYMARK`), `${where} must not show ${m}`);
  };

  it('lists exactly the public items on the city-wide and agency listings', async () => {
    presence((await web.get('/catalogue?year=2023')).body, '/catalogue?year=2023');
    const agency = await web.get('/agencies/dept-a/catalogue?sub=1');
    assert.equal(agency.statusCode, 200);
    presence(agency.body, '/agencies/dept-a/catalogue?sub=1');
    presence((await web.get('/catalogue.csv?year=2023')).body, 'CSV');
    presence((await web.get('/catalogue.json?year=2023')).body, 'JSON export');
    presence((await web.get('/api/v1/items?year=2023&pageSize=100')).body, 'API list');
    presence((await web.get('/catalogue/feed.atom')).body, 'Atom feed');
  });

  it('answers 404 for every non-public item page, attachment and API item, like an unknown id', async () => {
    for (const key of ['DRAFT', 'SUBMITTED', 'RETURNED', 'ONREQ', 'WITHHELD', 'WITHDRAWN', 'INACTIVE', 'WDINTERP']) {
      const it = items[key]!;
      const page = await web.get(`/catalogue/${it.id}`);
      assert.equal(page.statusCode, 404, `page of ${key}`);
      assert.ok(!page.body.includes('MARK'), `404 page of ${key} shows nothing of it`);
      const api = await web.get(`/api/v1/items/${it.id}`);
      assert.equal(api.statusCode, 404, `API item ${key}`);
      assert.equal(api.json<{ code: string }>().code, 'ITEM_NOT_FOUND');
      for (const att of [...it.attachmentIds, ...it.workAttachmentIds]) {
        assert.equal((await web.get(`/catalogue/${it.id}/attachments/${att}`)).statusCode, 404, `attachment of ${key}`);
      }
    }
    assert.equal((await web.get('/catalogue/987654321')).statusCode, 404);
    assert.equal((await web.get('/catalogue/abc')).statusCode, 404);
    const unknown = await web.get('/api/v1/items/987654321');
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /application\/problem\+json/);
    assert.equal(unknown.json<{ code: string }>().code, 'ITEM_NOT_FOUND');
  });

  it('shows the published text of a revised item, never its pending draft or its attachments', async () => {
    const page = await web.get(`/catalogue/${items.REV!.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(title('REVOLD')) && page.body.includes(body('REVOLD')));
    assert.ok(!page.body.includes('REVNEW'));
    const api = (await web.get(`/api/v1/items/${items.REV!.id}`)).body;
    assert.ok(api.includes(body('REVOLD')) && !api.includes('REVNEW'));
    assert.equal((await web.get(`/catalogue/${items.REV!.id}/attachments/${items.REV!.attachmentIds[0]}`)).statusCode, 200);
    assert.equal((await web.get(`/catalogue/${items.REV!.id}/attachments/${items.REV!.workAttachmentIds[0]}`)).statusCode, 404);
    // Another item's attachment id under this item's address is not found either.
    assert.equal((await web.get(`/catalogue/${items.REV!.id}/attachments/${items.PUB!.attachmentIds[0]}`)).statusCode, 404);
  });

  it('puts only public items in the sitemap, with agency pages and catalogues', async () => {
    const index = await web.get('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    assertWellFormedXml(index.body, 'sitemapindex');
    assert.match(index.body, /<loc>https:\/\/gov\.example\.cn\/sitemap-pages\.xml<\/loc>/);
    assert.match(index.body, /<loc>https:\/\/gov\.example\.cn\/sitemap-items-1\.xml<\/loc>/);
    const pages = await web.get('/sitemap-pages.xml');
    assertWellFormedXml(pages.body, 'urlset');
    assert.match(pages.body, /<loc>https:\/\/gov\.example\.cn\/agencies\/dept-a\/catalogue<\/loc>/);
    assert.ok(!pages.body.includes('dept-gone'), 'inactive agencies are left out');
    const list = await web.get('/sitemap-items-1.xml');
    assertWellFormedXml(list.body, 'urlset');
    for (const key of ['PUB', 'REV', 'REPEALED', 'INTERP', 'SUBITEM']) assert.ok(list.body.includes(`/catalogue/${items[key]!.id}</loc>`), `sitemap has ${key}`);
    for (const key of ['DRAFT', 'SUBMITTED', 'RETURNED', 'ONREQ', 'WITHHELD', 'WITHDRAWN', 'INACTIVE', 'WDINTERP']) assert.ok(!list.body.includes(`/catalogue/${items[key]!.id}</loc>`), `sitemap leaves out ${key}`);
    assert.equal((await web.get('/sitemap-items-2.xml')).statusCode, 404);
  });

  it('renders the item page with the standard metadata block, body, attachments and 解读 links both ways', async () => {
    const res = await web.get(`/catalogue/${items.PUB!.id}`);
    assert.equal(res.statusCode, 200);
    const b = res.body;
    const row = (th: string) => new RegExp(`<th scope="row">${th}</th><td>(.*?)</td>`).exec(b)?.[1] ?? '';
    assert.equal(row('索引号'), '000000001/2023-00001');
    assert.match(row('发布机构'), /测试市甲局.*测试市乙局/);
    assert.equal(row('主题分类'), '综合政务\\政务公开');
    assert.equal(row('体裁'), '通知');
    assert.equal(row('文号'), '测甲发〔2023〕1号');
    assert.equal(row('成文日期'), '2023-03-01');
    assert.equal(row('发布日期'), '2023-06-10');
    assert.equal(row('更新日期'), '2023-06-20');
    assert.match(row('有效性'), /现行有效/);
    assert.equal(row('施行日期'), '2023-04-01');
    assert.equal(row('主题词'), '政务公开；目录');
    assert.ok(b.includes(`<p>${body('PUB')}</p>`), 'body rendered as HTML');
    assert.match(b, new RegExp(`href="/catalogue/${items.PUB!.id}/attachments/${items.PUB!.attachmentIds[0]}"[^>]*>附件一 实施方案\\.pdf</a>`));
    assert.ok(b.includes(`href="/catalogue/${items.INTERP!.id}"`), 'links to its 解读');
    assert.ok(!b.includes('WDINTERP'), 'not to a withdrawn 解读');
    const interp = (await web.get(`/catalogue/${items.INTERP!.id}`)).body;
    assert.ok(interp.includes(`href="/catalogue/${items.PUB!.id}"`), 'the 解读 links back');
    // §5.7 meta tags and schema.org JSON-LD (a data block, `<` escaped).
    assert.match(b, /<meta name="ArticleTitle" content="标题-PUB-MARK"/);
    assert.match(b, /<meta name="PubDate" content="2023-06-10 10:00"/);
    assert.match(b, /<meta name="ContentSource" content="测试市甲局"/);
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(b)?.[1];
    assert.ok(ld);
    const data = JSON.parse(ld) as Record<string, unknown>;
    assert.equal(data['@type'], 'DigitalDocument');
    assert.equal(data.name, title('PUB'));
    assert.equal(data.url, `https://gov.example.cn/catalogue/${items.PUB!.id}`);
    assert.equal(data.dateCreated, '2023-03-01');
  });

  it('downloads a public attachment with its Chinese name', async () => {
    const res = await web.get(`/catalogue/${items.PUB!.id}/attachments/${items.PUB!.attachmentIds[0]}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'PDF-CONTENT-PUB');
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="[^"]*"; filename\*=UTF-8''%E9%99%84%E4%BB%B6/);
  });

  it('marks repealed items on listings and with a notice on the item page, and keeps them public', async () => {
    const list = (await web.get('/catalogue?validity=repealed')).body;
    assert.match(list, /已废止（2023-12-31）/);
    assert.ok(list.includes(title('REPEALED')) && !list.includes(title('PUB')));
    const page = (await web.get(`/catalogue/${items.REPEALED!.id}`)).body;
    assert.match(page, /class="notice warn validity-notice"><strong>已废止<\/strong> 本文件已废止（废止日期：2023-12-31）/);
  });

  it('filters by agency (with its subtree on request), topic, genre, year and validity', async () => {
    const titles = async (qs: string) => ((await web.get(`/api/v1/items?pageSize=100&${qs}`)).json<{ items: { title: string }[] }>()).items.map((x) => x.title);
    assert.ok(!(await titles('agency=dept-a')).includes(title('SUBITEM')));
    assert.ok((await titles('agency=dept-a&sub=1')).includes(title('SUBITEM')));
    assert.deepEqual((await titles('agency=dept-a1')), [title('SUBITEM')]);
    assert.deepEqual((await titles('topic=02')).sort(), [title('PUB'), title('REPEALED')].sort(), 'a top-level topic includes its classes');
    assert.deepEqual(await titles('topic=0201'), [title('PUB')]);
    assert.deepEqual((await titles('genre=G08')).sort(), [title('INTERP'), title('PUB')].sort());
    assert.equal((await titles('year=2022')).length, 23);
    assert.deepEqual(await titles('validity=repealed'), [title('REPEALED')]);
    assert.deepEqual(await titles('agency=no-such-agency'), []);
    assert.equal((await web.get('/agencies/no-such-agency/catalogue')).statusCode, 404);
    assert.equal((await web.get('/agencies/dept-gone/catalogue')).statusCode, 404);
  });

  it('sorts by publication (default), date written and title, and pages', async () => {
    const list = async (qs: string) => (await web.get(`/api/v1/items?${qs}`)).json<{ total: number; page: number; pageSize: number; items: { title: string; generatedOn: string; publishedAt: string }[] }>();
    const byPub = await list('year=2022&pageSize=100');
    assert.deepEqual(byPub.items.map((x) => x.publishedAt), [...byPub.items.map((x) => x.publishedAt)].sort().reverse());
    const byGen = await list('year=2022&sort=generated&pageSize=100');
    assert.deepEqual(byGen.items.map((x) => x.generatedOn), [...byGen.items.map((x) => x.generatedOn)].sort().reverse());
    const byTitle = await list('year=2022&sort=title&pageSize=100');
    assert.equal(byTitle.items[0]!.title, '乙局文件 01');
    const p1 = await list('year=2022&pageSize=10');
    const p3 = await list('year=2022&pageSize=10&page=3');
    assert.deepEqual([p1.total, p1.items.length, p3.items.length, p3.page], [23, 10, 3, 3]);
    assert.equal((await list('year=2022&pageSize=10&page=4')).items.length, 0);
    // The page: 20 a page, a pager link keeping the filters.
    const html = (await web.get('/catalogue?year=2022')).body;
    assert.equal((html.match(/class="item-title"/g) ?? []).length, 20);
    assert.match(html, /href="\/catalogue\?year=2022&amp;page=2"/);
    assert.match(html, /检索结果（共 23 条）/);
    const page2 = (await web.get('/catalogue?year=2022&page=2')).body;
    assert.equal((page2.match(/class="item-title"/g) ?? []).length, 3);
  });

  it('pages no deeper than the depth limit: a notice on the page, problem JSON on the API', async () => {
    const page = await web.get('/catalogue?page=501');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('列表最多可翻到第 500 页'));
    assert.ok(!page.body.includes('class="item-list"'), 'nothing fetched that deep');
    const api = await web.get('/api/v1/items?page=101&pageSize=100');
    assert.equal(api.statusCode, 400);
    assert.match(api.body, /列表最多可翻到第 100 页/);
    assert.equal((await web.get('/api/v1/items?page=100&pageSize=100')).statusCode, 200);
  });

  it('refuses bad API parameters with problem JSON', async () => {
    for (const qs of ['pageSize=101', 'pageSize=0', 'page=abc', 'validity=maybe', 'sort=random', 'year=99']) {
      const res = await web.get(`/api/v1/items?${qs}`);
      assert.equal(res.statusCode, 400, qs);
      assert.equal(res.json<{ code: string }>().code, 'VALIDATION_FAILED');
    }
  });

  it('exports every matching row as CSV with a BOM, RFC 4180 quoting and formula cells neutralised', async () => {
    const res = await web.get('/catalogue.csv?agency=dept-b&sort=title');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="catalogue-\d{4}-\d{2}-\d{2}\.csv"/);
    const raw = res.rawPayload;
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = res.body.replace(/^\uFEFF/, '');
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines[0], '索引号,标题,发布机构,文号,主题分类,体裁,成文日期,发布日期,有效性,有效性变更日期,链接');
    assert.equal(lines.length, 1 + 25, 'all rows, not one page');
    assert.ok(text.includes(`,"'=HYPERLINK(""http://evil.example"",""点击"")",测试市乙局,'+cmd|x,`));
    assert.ok(text.includes(`,"'@SUM(A1) 与 ""引号"", 逗号",测试市乙局,'-2+3,`));
    assert.ok(!/,=|,\+|,@|,"=|,"\+|,"@/.test(text), 'no cell starts with a formula character');
  });

  it('exports the same rows as JSON', async () => {
    const res = await web.get('/catalogue.json?agency=dept-b');
    const doc = JSON.parse(res.body) as { items: { title: string; agency: { slug: string } }[]; count: number; truncated: boolean };
    assert.equal(doc.items.length, 25);
    assert.equal(doc.count, 25);
    assert.equal(doc.truncated, false);
    assert.ok(doc.items.every((x) => x.agency.slug === 'dept-b'));
  });

  it('streams exports past one batch in keyset order without repeats', async () => {
    const { streamPublic } = await import('./public.repository.js');
    for (const sort of ['published', 'generated', 'title'] as const) {
      const ids: string[] = [];
      for await (const r of streamPublic(t.c.db, {}, sort, { cap: 1000, batch: 4 })) ids.push(r.id);
      const all = ((await web.get(`/api/v1/items?pageSize=100&sort=${sort}`)).json<{ items: { id: string }[] }>()).items.map((x) => x.id);
      assert.deepEqual(ids, all, sort);
    }
    let capped = 0;
    for await (const _ of streamPublic(t.c.db, {}, 'published', { cap: 7, batch: 3 })) capped++;
    assert.equal(capped, 7);
  });

  it('serves a well-formed Atom feed, filtered like the listing, linked from listing pages', async () => {
    const res = await web.get('/catalogue/feed.atom?agency=dept-a');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
    assertWellFormedXml(res.body, 'feed');
    assert.match(res.body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    for (const el of ['title', 'id', 'updated', 'author']) assert.match(res.body, new RegExp(`<feed[^>]*>[\\s\\S]*<${el}>`), el);
    const entries = res.body.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
    assert.equal(entries.length, 4, 'dept-a: PUB, REV, REPEALED, INTERP');
    for (const e of entries) assert.match(e, /<title>.+<\/title><id>https:\/\/gov\.example\.cn\/catalogue\/\d+<\/id><link rel="alternate" type="text\/html" href="[^"]+"\/><published>[^<]+<\/published><updated>[^<]+<\/updated>/);
    const formula = await web.get('/catalogue/feed.atom?agency=dept-b');
    assertWellFormedXml(formula.body, 'feed');
    assert.ok(formula.body.includes('=HYPERLINK(&quot;http://evil.example&quot;,&quot;点击&quot;)'));
    const page = (await web.get('/agencies/dept-a/catalogue')).body;
    assert.match(page, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/catalogue\/feed\.atom\?agency=dept-a"/);
    assert.match(page, /href="\/catalogue\.csv\?agency=dept-a"/);
    assert.match(page, /href="\/catalogue\.json\?agency=dept-a"/);
  });

  it('links the agency page to its catalogue and the nav to the city-wide one', async () => {
    const page = (await web.get('/agencies/dept-a')).body;
    assert.match(page, /href="\/agencies\/dept-a\/catalogue"/);
    assert.match(page, /<a href="\/catalogue"[^>]*>政府信息公开目录<\/a>/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await web.get('/api/openapi.json');
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/agencies', '/api/v1/staff/items/import']) assert.ok(doc.paths[p], p);
  });
});
