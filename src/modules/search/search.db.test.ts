import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { seedDemo } from '#src/demo/seed.js';
import { buildTestApp, Client, type TestApp } from '#test/app.js';
import { reindexAll } from './reindex.js';
import { createSearchService } from './search.service.js';

interface Judged {
  id: string;
  kind: string;
  query: string;
  corpusOnly?: boolean;
  expected: { key: string; title: string; docNumber: string }[];
}
const judged = (JSON.parse(fs.readFileSync(new URL('../../../test/fixtures/search/judged-queries.json', import.meta.url), 'utf8')) as { queries: Judged[] }).queries;

interface ApiResult {
  total: number;
  results: { id: string; kind: string; title: string; docNumber: string | null; indexNumber: string | null; agency: string; url: string; snippet: string; validity: string | null }[];
  facets: Record<string, { value: string; label: string; count: number }[]>;
}

/** Search over the demo city's catalogue (1,180 real documents) through the page and the API. */
describe('search over the demo catalogue', () => {
  let t: TestApp;
  let web: Client;
  const sys = systemActor('test');
  const api = async (qs: string): Promise<ApiResult> => {
    const r = await web.get(`/api/search?${qs}`);
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    return JSON.parse(r.body) as ApiResult;
  };
  const q = (text: string, extra = '') => api(`q=${encodeURIComponent(text)}${extra}`);
  const REGULATION = '中华人民共和国政府信息公开条例';

  before(async () => {
    t = await buildTestApp();
    await seedDemo(t.c);
    web = new Client(t.app);
  });
  after(async () => t.close());

  it('finds the regulation first by its short name, its 文号 and in Traditional script', async () => {
    for (const text of ['政府信息公开条例', '国务院令第711号', '國務院令第711號', '政府信息公開條例', '中华人民共和国政府信息公开条例']) {
      const r = await q(text);
      assert.equal(r.results[0]?.title, REGULATION, `${text} → ${r.results[0]?.title}`);
    }
  });

  it('matches a 文号 in every bracket form, and an 索引号 exactly', async () => {
    const item = await t.c.db.selectFrom('catalogueItems').select(['id', 'docNumber', 'indexNumber', 'title']).where('docNumber', 'like', '国发〔%〕%号').where('publicState', '=', 'published').where('disclosure', '=', 'proactive').orderBy('id').executeTakeFirstOrThrow();
    const m = /^(.+)〔(\d{4})〕(\d+)号$/.exec(item.docNumber!)!;
    const [, code, year, no] = m;
    for (const form of [`${code}〔${year}〕${no}号`, `${code}[${year}]${no}号`, `${code}(${year})${no}号`, `${code}（${year}）${no}号`, `${code}【${year}】${no}号`, `${code}${year}年${no}号`]) {
      const r = await q(form);
      assert.equal(r.results[0]?.docNumber, item.docNumber, `${form} → ${r.results[0]?.docNumber}`);
    }
    const byIndex = await q(item.indexNumber!);
    assert.equal(byIndex.results[0]?.indexNumber, item.indexNumber);
    assert.equal(byIndex.results[0]?.title, item.title);
  });

  it('applies exclusions, filters and facets', async () => {
    const all = await q('管理');
    assert.ok(all.total > 100);
    const sum = (name: string) => all.facets[name]!.reduce((s, f) => s + f.count, 0);
    assert.ok(sum('validity') === all.total, 'validity facet counts every match');
    const without = await q('管理 -条例');
    assert.ok(without.total < all.total);
    for (const r of without.results) assert.ok(!r.title.includes('条例'), r.title);
    const jyj = await q('教育', '&agency=sz-jyj');
    assert.ok(jyj.total > 0);
    for (const r of jyj.results) assert.equal(r.agency, '示范市教育局');
    const repealed = await q('条例', '&validity=repealed');
    // A repealed document reads 已废止; an abolished power (权责清单) 已取消.
    for (const r of repealed.results) assert.equal(r.validity, r.kind === 'power' ? '已取消' : '已废止');
    const years = await q('条例', '&from=2019&to=2020');
    assert.ok(years.total > 0 && years.total < (await q('条例')).total);
    const guides = await q('政府信息公开指南', '&kind=guide');
    assert.ok(guides.total > 0);
    for (const r of guides.results) assert.equal(r.kind, 'guide');
  });

  it('ranks in-force documents above repealed ones and titles above bodies', async () => {
    const r = await q('义务教育法');
    assert.ok(r.results[0]!.title.includes('义务教育法'), r.results[0]!.title);
  });

  it('answers bad input with problem JSON and a helpful empty page, never a 5xx', async () => {
    for (const bad of ['', 'q=%E6%9D%A1%E4%BE%8B&from=abc', 'q=%E6%9D%A1%E4%BE%8B&validity=nonsense', 'q=%E6%9D%A1%E4%BE%8B&from=2020&to=2010']) {
      const r = await web.get(`/api/search?${bad}`);
      assert.equal(r.statusCode, 400, bad);
      assert.match(String(r.headers['content-type']), /problem\+json/);
    }
    const none = await web.get(`/search?q=${encodeURIComponent('xyzzyqwv')}`);
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /没有找到/);
    assert.match(none.body, /\/requests\/new/);
    const odd = await web.get(`/search?q=${encodeURIComponent('"""---「」')}&page=999999`);
    assert.ok(odd.statusCode < 500);
    const page = await web.get(`/search?q=${encodeURIComponent('政府信息公开条例')}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<ol class="results"/);
    assert.match(page.body, /<mark>/);
  });

  it('suggests titles for the search box', async () => {
    const r = await web.get(`/api/search/suggest?q=${encodeURIComponent('中华人民共和国政府信息')}`);
    assert.equal(r.statusCode, 200);
    assert.ok((JSON.parse(r.body) as { suggestions: string[] }).suggestions.includes(REGULATION));
  });

  it('keeps relevance on the judged queries (MRR)', async () => {
    let rr = 0;
    let n = 0;
    const misses: string[] = [];
    for (const jq of judged) {
      const r = await q(jq.query, '&limit=10');
      const rank = r.results.findIndex((h) => jq.expected.some((e) => e.title === h.title && (!e.docNumber || e.docNumber === (h.docNumber ?? ''))));
      n++;
      rr += rank === -1 ? 0 : 1 / (rank + 1);
      if (rank !== 0) misses.push(`${jq.id} ${jq.query} → ${rank === -1 ? 'not in top 10' : `#${rank + 1}`}`);
    }
    const mrr = rr / n;
    console.log(`judged queries: MRR ${mrr.toFixed(3)} over ${n}; not first: ${misses.length}`);
    // Measured 2026-11-29; the floor keeps it from regressing.
    assert.ok(mrr >= 0.8, `MRR ${mrr.toFixed(3)} over ${n} queries; misses:\n${misses.join('\n')}`);
  });

  it('estimates total and facets beyond SEARCH_EXACT_TOTALS_UP_TO, with the same results as the exact count', async () => {
    // A second service over the same database that estimates from the first posting on.
    const estimating = createSearchService({ db: t.c.db, orgs: t.c.orgs, taxonomy: t.c.taxonomy, analyzer: t.c.analyzer, engineOptions: { exactTotalsUpTo: 0, sampleBudget: 64 } });
    for (const params of [{ q: '政府' }, { q: '管理', page: 2 }, { q: '政府 管理' }]) {
      const exact = await t.c.search.search(params);
      const est = await estimating.search(params);
      assert.equal(exact.totalIsEstimate, false, params.q);
      assert.equal(est.totalIsEstimate, true, params.q);
      assert.deepEqual(
        est.results.map((h) => h.id),
        exact.results.map((h) => h.id),
        `${params.q}: the results are exact`,
      );
      assert.ok(Math.abs(est.total - exact.total) <= 0.35 * exact.total, `${params.q}: estimate ${est.total} vs ${exact.total}`);
      const sum = (r: typeof est) => r.facets.validity.reduce((n, f) => n + f.count, 0);
      assert.ok(Math.abs(sum(est) - est.total) <= 0.1 * est.total + 5, `${params.q}: facet counts add up to about the total`);
    }
    // An exact count says 共 on the page (an estimate says 约, see search.portal.tsx).
    const exactPage = await web.get(`/search?q=${encodeURIComponent('政府')}`);
    assert.match(exactPage.body, /共 \d+ 条结果/);
    assert.match(exactPage.body, /下一页/);
    // A page past the last match (as an estimated total can promise) says so and offers page 1, no next page.
    const past = await web.get(`/search?q=${encodeURIComponent('政府 管理')}&page=100`);
    assert.equal(past.statusCode, 200);
    assert.match(past.body, /这一页没有更多结果/);
    assert.match(past.body, /href="\/search\?q=[^"]*page=1">回到第 1 页/);
    assert.doesNotMatch(past.body, /下一页/);
    assert.doesNotMatch(past.body, /第 100 \/ \d+ 页/);
  });

  it('never returns what is no longer public, even right after a withdrawal', async () => {
    const before = await q(REGULATION);
    const id = before.results[0]!.id;
    await t.c.catalogue.withdraw(sys, id, { reason: '测试撤回' });
    const afterWithdrawal = await q(REGULATION);
    assert.ok(!afterWithdrawal.results.some((r) => r.id === id));
    assert.ok(!afterWithdrawal.results.some((r) => r.title === REGULATION));
    const pageHtml = (await web.get(`/search?q=${encodeURIComponent(REGULATION)}`)).body;
    assert.ok(!pageHtml.includes(`/catalogue/${id}"`));
  });

  it('rebuilds the index from the catalogue, resuming after an interruption', async () => {
    await t.c.db.deleteFrom('searchDocuments').where('kind', '=', 'item').execute();
    const first = await t.c.db.selectFrom('catalogueItems').select('id').where('publicState', '=', 'published').orderBy('id').offset(500).limit(1).executeTakeFirstOrThrow();
    // As if a run had stopped after the first 500 items: resume carries on from there.
    await t.c.db.insertInto('appSettings').values({ key: 'search.reindex', value: JSON.stringify({ after: first.id }) }).execute();
    const progress: number[] = [];
    const resumed = await reindexAll({ db: t.c.db, analyzer: t.c.analyzer, guides: t.c.guides }, { resume: true, onProgress: (done) => progress.push(done) });
    assert.equal(resumed.resumedFrom, first.id);
    assert.ok(progress[0]! > 0, 'progress starts at the items already done');
    const full = await reindexAll({ db: t.c.db, analyzer: t.c.analyzer, guides: t.c.guides });
    assert.ok(full.items > 1000);
    assert.equal(full.resumedFrom, null);
    const r = await q('义务教育法');
    assert.ok(r.total > 0, 'the rebuilt index answers');
  });
});
