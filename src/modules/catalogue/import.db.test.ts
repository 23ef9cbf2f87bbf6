import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { parseCsv } from './import.js';

describe('bulk import (清理 inventory)', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const sys = systemActor('test');
  const count = async () => Number((await t.c.db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(sys, city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
  });
  after(async () => t.close());

  const line = (o: Record<string, unknown>) => JSON.stringify({ agency: 'dept-a', title: '测试文件', generatedOn: '2024-05-06', bodyText: '第一段\n第二段', ...o });

  it('reports every bad line and writes nothing by default (all-or-nothing)', async () => {
    const before = await count();
    const text = [
      line({ key: 'a', title: '好的一行' }),
      line({ key: 'b', generatedOn: '2024-02-30' }),
      '{not json',
      line({ key: 'c', agency: 'nowhere' }),
      line({ key: 'd', state: 'published', publishedOn: '2024-05-01' }),
      line({ key: 'e', topic: '9999', genre: 'G08' }),
      line({ key: 'a', title: '重复 key' }),
      line({ key: 'f', interprets: 'zzz' }),
      line({ key: 'g', state: 'draft', validity: 'repealed' }),
      line({ key: 'h', bodyHtml: '<p>x</p>' }),
    ].join('\n');
    const r = await t.c.importItems(sys, text);
    assert.equal(r.imported, 0);
    assert.equal(await count(), before);
    const byLine = new Map(r.lines.map((l) => [l.line, l]));
    assert.equal(byLine.get(1)!.ok, true);
    assert.ok(byLine.get(2)!.errors.generatedOn);
    assert.ok(byLine.get(3)!.errors._);
    assert.ok(byLine.get(4)!.errors.agency);
    assert.ok(byLine.get(5)!.errors.publishedOn, 'published before it was written');
    assert.ok(byLine.get(6)!.errors.topic);
    assert.ok(byLine.get(7)!.errors.key);
    assert.ok(byLine.get(8)!.errors.interprets);
    assert.ok(byLine.get(9)!.errors.validity);
    assert.ok(byLine.get(10)!.errors.bodyText, 'body given twice');
    for (const l of r.lines.filter((x) => !x.ok)) for (const m of Object.values(l.errors)) assert.match(m, /[\u4e00-\u9fff]/);
  });

  it('imports the valid lines only when asked (valid-only)', async () => {
    const before = await count();
    const r = await t.c.importItems(sys, [line({ title: '有效' }), line({ generatedOn: 'x' })].join('\n'), { mode: 'valid-only' });
    assert.equal(r.imported, 1);
    assert.equal(await count(), before + 1);
  });

  it('publishes existing content with its own 索引号, validity and 解读 link; allocates the rest', async () => {
    const text = [
      line({ key: 'law', title: '某某管理办法', state: 'published', publishedOn: '2024-05-10', indexNumber: 'OLD/2024-00077', validity: 'repealed', repealedOn: '2025-01-01', topic: '综合政务\\政务公开', genre: '规章', art20: 1 }),
      line({ key: 'jd', title: '《某某管理办法》解读', state: 'published', interprets: 'law', genre: 'G24' }),
    ].join('\n');
    const r = await t.c.importItems(sys, text);
    assert.equal(r.imported, 2, JSON.stringify(r.lines));
    const law = await t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', r.lines[0]!.itemId!).executeTakeFirstOrThrow();
    assert.equal(law.indexNumber, 'OLD/2024-00077');
    assert.equal(law.validity, 'repealed');
    assert.equal(law.publicState, 'published');
    assert.equal(law.firstPublishedAt!.toISOString().slice(0, 10), '2024-05-10');
    const jd = await t.c.db.selectFrom('catalogueItems as i').innerJoin('catalogueVersions as v', 'v.id', 'i.currentVersionId').select(['i.indexNumber', 'v.interpretsId']).where('i.id', '=', r.lines[1]!.itemId!).executeTakeFirstOrThrow();
    assert.equal(jd.interpretsId, law.id);
    assert.match(jd.indexNumber ?? '', /\/2024-00001$/, 'allocated in the year of publication');
    // The same 索引号 again is refused.
    const again = await t.c.importItems(sys, line({ state: 'published', indexNumber: 'OLD/2024-00077' }));
    assert.ok(again.lines[0]!.errors.indexNumber);
  });

  it('reads CSV with quotes, a BOM and list fields', async () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, ""y""",z\n'), [
      ['a', 'b'],
      ['x, "y"', 'z'],
    ]);
    const csv = '\uFEFFagency,title,generatedOn,keywords,bodyText\ndept-a,"CSV 导入的文件",2024-06-01,教育;开学,"第一段"\n';
    const r = await t.c.importItems(sys, csv);
    assert.equal(r.format, 'csv');
    assert.equal(r.imported, 1, JSON.stringify(r.lines));
    const v = await t.c.db.selectFrom('catalogueVersions').select('keywords').where('itemId', '=', r.lines[0]!.itemId!).executeTakeFirstOrThrow();
    assert.deepEqual(v.keywords, ['教育', '开学']);
  });

  it('shows the line report on the import page and imports nothing from a file with a bad line', async () => {
    await makeStaff(t.c, 'imp-page-ed', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    const ed = new Client(t.app);
    await ed.loginStaff('imp-page-ed');
    const before = await count();
    const file = Buffer.from([line({ title: '页面导入甲' }), line({ title: '页面导入乙', generatedOn: '2024-13-01' })].join('\n'));
    const res = await ed.upload('/staff/items/import', { mode: 'all-or-nothing' }, { field: 'file', fileName: 'items.jsonl', content: file });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /<td>2<\/td>\s*<td>页面导入乙<\/td>/);
    assert.ok(res.body.includes('未导入任何信息'));
    assert.equal(await count(), before);
  });

  it('keeps staff to their own agencies and published imports to admins', async () => {
    const { user } = await makeStaff(t.c, 'imp-ed', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    const actor = { kind: 'user' as const, id: user.id, username: 'imp-ed', displayName: 'imp-ed', userKind: 'staff' as const, homeOrgId: city.a.id, grants: [{ orgId: city.a.id, orgPath: city.a.path, role: 'editor' as const }] };
    const r = await t.c.importItems(actor, [line({ agency: 'dept-b' }), line({ state: 'published' })].join('\n'));
    assert.equal(r.imported, 0);
    assert.ok(r.lines[0]!.errors.agency);
    assert.ok(r.lines[1]!.errors.state);
  });

  it('loads the demo sample: every line valid', async () => {
    // The demo's agencies with their slugs, as the seed creates them.
    const file = new URL('../../../demo/catalogue.jsonl.gz', import.meta.url);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const slugs = new Set(text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { agency: string }).agency));
    for (const slug of slugs) {
      if (slug === 'dept-a') continue;
      await t.c.orgs.createOrg(sys, { parentId: city.city.id, slug, name: `演示 ${slug}`, kind: 'department', creditCode: makeCreditCode('11990100', String(20000000 + slugs.size + [...slugs].indexOf(slug))) });
    }
    const started = Date.now();
    const r = await t.c.importItems(sys, text);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.lines.filter((l) => !l.ok).length, 0, JSON.stringify(r.lines.filter((l) => !l.ok).slice(0, 3)));
    assert.ok(r.imported >= 1000);
    const chain = await t.c.audit.verify();
    assert.ok(chain.ok, `the audit chain verifies after a bulk import: ${chain.message}`);
    const audited = await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'catalogue.item-imported').executeTakeFirstOrThrow();
    assert.ok(Number(audited.n) >= r.imported, 'one audit entry per imported item');
    const numbers = await t.c.db.selectFrom('catalogueItems').select('indexNumber').where('indexNumber', 'is not', null).execute();
    assert.equal(new Set(numbers.map((n) => n.indexNumber)).size, numbers.length, '索引号 unique');
    console.log(`demo sample: ${r.imported} items in ${seconds.toFixed(1)} s (${Math.round(r.imported / seconds)} items/s)`);
  });
});
