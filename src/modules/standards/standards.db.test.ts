import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role, UserActor } from '#platform/actor.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { buildTestApp, Client, fieldError, fixedClock, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { insertItem } from '#test/catalogue-fixtures.js';
import { sectorCatalogue } from './sectors.js';

/** 2026-11-20 10:00 China time: after 国庆 2026, inside the bundled calendar. */
const NOW = new Date('2026-11-20T02:00:00Z');
const T20 = '信息形成或者变更之日起20个工作日内';

/** A valid entry form; `over` replaces fields. */
const form = (over: Record<string, unknown> = {}) => ({
  area: 'social-assistance',
  level1: '最低生活保障',
  level2: '低保政策和保障标准',
  content: '低保政策文件、保障标准、申请条件',
  basis: '《社会救助暂行办法》',
  timeLimit: T20,
  limitKind: '',
  limitValue: '',
  subject: '',
  channels: ['website', 'notice-board'],
  audience: 'all',
  audienceNote: '',
  method: 'proactive',
  levels: ['county'],
  sortOrder: '',
  ...over,
});

/** The same form as a URL-encoded body (checkbox groups as repeated fields). */
function body(f: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
}

describe('基层政务公开标准目录', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const actors = {} as Record<'editorA' | 'reviewerA' | 'editorB' | 'coordinator' | 'supervisor', UserActor>;
  let editorWeb: Client;
  let reviewerWeb: Client;
  let editorBWeb: Client;
  let anon: Client;
  const auditCount = async (action?: string) => Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).$if(action !== undefined, (q) => q.where('action', '=', action!)).executeTakeFirstOrThrow()).n);
  const entryCount = async () => Number((await t.c.db.selectFrom('standardEntries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const linkCount = async () => Number((await t.c.db.selectFrom('standardEntryItems').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const at = (day: string) => new Date(`${day}T02:00:00Z`);

  /** Staff account plus the actor the service sees for it. */
  async function staff(username: string, org: { id: string; path: string }, role: Role): Promise<UserActor> {
    const { user } = await makeStaff(t.c, username, org.id, [{ orgId: org.id, role }]);
    return { kind: 'user', id: user.id, username, displayName: username, userKind: 'staff', homeOrgId: org.id, grants: [{ orgId: org.id, orgPath: org.path, role }] };
  }

  before(async () => {
    t = await buildTestApp({ clock: fixedClock(NOW) });
    city = await seedSmallCity(t.c);
    actors.editorA = await staff('std-ed-a', city.a, 'editor');
    actors.reviewerA = await staff('std-rv-a', city.a, 'reviewer');
    actors.editorB = await staff('std-ed-b', city.b, 'editor');
    actors.coordinator = await staff('std-coord', city.city, 'coordinator');
    actors.supervisor = await staff('std-sup', city.city, 'supervisor');
    editorWeb = new Client(t.app);
    await editorWeb.loginStaff('std-ed-a');
    reviewerWeb = new Client(t.app);
    await reviewerWeb.loginStaff('std-rv-a');
    editorBWeb = new Client(t.app);
    await editorBWeb.loginStaff('std-ed-b');
    anon = new Client(t.app);
  });
  after(async () => t.close());

  describe('entries', () => {
    it('creates, edits and deletes an entry, each change audited', async () => {
      const before = await auditCount();
      const id = await t.c.standards.create(actors.editorA, city.a.id, form());
      const row = await t.c.db.selectFrom('standardEntries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.orgId, city.a.id);
      assert.deepEqual([row.limitKind, row.limitValue], ['workdays', 20], 'read from 公开时限');
      assert.equal(row.subject, city.a.name, '公开主体 defaults to the agency');
      assert.deepEqual(row.channels, ['website', 'notice-board']);
      assert.equal(row.sortOrder, 10);
      const created = await t.c.db.selectFrom('auditEntries').selectAll().where('action', '=', 'standards.entry-created').where('subjectId', '=', id).executeTakeFirstOrThrow();
      assert.equal(created.orgId, city.a.id);
      assert.equal(created.actorId, actors.editorA.id);

      await t.c.standards.update(actors.editorA, id, form({ timeLimit: '每月公示', levels: ['county', 'township'] }));
      const edited = await t.c.db.selectFrom('standardEntries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([edited.limitKind, edited.limitValue, edited.levels], ['periodic', 1, ['county', 'township']]);
      const upd = await t.c.db.selectFrom('auditEntries').select('summary').where('action', '=', 'standards.entry-updated').where('subjectId', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual((upd.summary as { changed: string[] }).changed.sort(), ['levels', 'limitKind', 'limitValue', 'timeLimit']);
      // Saving the same values again changes nothing and records nothing.
      await t.c.standards.update(actors.editorA, id, form({ timeLimit: '每月公示', levels: ['county', 'township'] }));
      assert.equal(await auditCount('standards.entry-updated'), 1);

      await t.c.standards.remove(actors.editorA, id);
      assert.equal(await t.c.db.selectFrom('standardEntries').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      assert.equal(await auditCount('standards.entry-deleted'), 1);
      assert.equal((await auditCount()) - before, 3);
      assert.ok((await t.c.audit.verify()).ok);
    });

    it('refuses bad input field by field in Chinese and changes nothing', async () => {
      const [entries, audits] = [await entryCount(), await auditCount()];
      const refuse = async (orgId: string, raw: Record<string, unknown>, field: string, message: RegExp) => {
        await assert.rejects(
          () => t.c.standards.create(actors.editorA, orgId, raw),
          (e: unknown) => e instanceof ValidationFailed && message.test(e.fields[field] ?? '') && /[\u4e00-\u9fff]/.test(e.message),
          `${field}: ${JSON.stringify(raw)}`,
        );
      };
      await refuse(city.a.id, form({ channels: [] }), 'channels', /请至少选择一个公开渠道/);
      await refuse(city.a.id, form({ channels: ['website', 'fax-machine'] }), 'channels', /公开渠道无效/);
      await refuse(city.a.id, form({ levels: [] }), 'levels', /请至少选择一个公开层级/);
      await refuse(city.a.id, form({ area: 'astrology' }), 'area', /请选择领域/);
      await refuse(city.a.id, form({ level1: '  ' }), 'level1', /请填写一级事项/);
      await refuse(city.a.id, form({ level2: 'x'.repeat(101) }), 'level2', /不能超过 100 个字符/);
      await refuse(city.a.id, form({ timeLimit: '按有关规定' }), 'limitKind', /无法从公开时限的文字判断/);
      await refuse(city.a.id, form({ limitKind: 'workdays', limitValue: '200' }), 'limitValue', /1–90/);
      await refuse(city.a.id, form({ limitKind: 'periodic', limitValue: '' }), 'limitValue', /1–12 的月数/);
      await refuse(city.a.id, form({ limitKind: 'weekly' }), 'limitKind', /请选择时限监测方式/);
      await refuse(city.a.id, form({ audience: 'specific' }), 'audienceNote', /特定群体/);
      await refuse(city.a.id, form({ method: 'secret' }), 'method', /请选择公开方式/);
      await refuse(city.a.id, form({ content: 'a\u0001b' }), 'content', /控制字符/);
      // 市级 only for a city-level agency: a (under the city) may, a1 (under a) may not.
      await refuse(city.a1.id, form({ levels: ['city'] }), 'levels', /市级/);
      assert.deepEqual([await entryCount(), await auditCount()], [entries, audits]);
      const ok = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '市级事项', levels: ['city'] }));
      await assert.rejects(() => t.c.standards.create(actors.editorA, city.a.id, form({ level2: '市级事项' })), (e: unknown) => e instanceof Conflict && /已有相同/.test(e.fields.level2 ?? ''));
      await assert.rejects(() => t.c.standards.update(actors.editorA, ok, form({ channels: [] })), ValidationFailed);
      assert.equal((await t.c.db.selectFrom('standardEntries').select('channels').where('id', '=', ok).executeTakeFirstOrThrow()).channels.length, 2, 'the failed edit changed nothing');
      await t.c.standards.remove(actors.editorA, ok);
    });

    it('lets each role do what it may, only within its subtree', async () => {
      const a1Entry = await t.c.standards.create(actors.editorA, city.a1.id, form({ level2: '下级机构事项' }));
      // The reviewer and the supervisor read; they may not write.
      assert.equal((await t.c.standards.overview(actors.reviewerA, city.a1.id)).canEdit, false);
      assert.equal((await t.c.standards.entry(actors.supervisor, a1Entry)).entry.id, a1Entry);
      await assert.rejects(() => t.c.standards.create(actors.reviewerA, city.a.id, form({ level2: '越权' })), Forbidden);
      await assert.rejects(() => t.c.standards.update(actors.supervisor, a1Entry, form({ level2: '越权' })), Forbidden);
      await assert.rejects(() => t.c.standards.remove(actors.reviewerA, a1Entry), Forbidden);
      // Another agency's editor does not even see it.
      await assert.rejects(() => t.c.standards.overview(actors.editorB, city.a.id), NotFound);
      await assert.rejects(() => t.c.standards.entry(actors.editorB, a1Entry), NotFound);
      await assert.rejects(() => t.c.standards.update(actors.editorB, a1Entry, form({ level2: '越权' })), NotFound);
      await assert.rejects(() => t.c.standards.create(actors.editorB, city.a.id, form({ level2: '越权' })), NotFound);
      await assert.rejects(() => t.c.standards.remove(actors.editorB, a1Entry), NotFound);
      // The city's coordinator edits anywhere below the city.
      await t.c.standards.update(actors.coordinator, a1Entry, form({ level2: '下级机构事项', content: '协调员修改' }));
      assert.equal((await t.c.standards.entry(actors.editorA, a1Entry)).entry.content, '协调员修改');
      assert.deepEqual(
        (await t.c.standards.agencies(actors.editorB)).map((o) => o.id),
        [city.b.id, city.b1.id],
      );
      assert.ok(!(await t.c.db.selectFrom('standardEntries').select('id').where('level2', '=', '越权').executeTakeFirst()));
      await t.c.standards.remove(actors.coordinator, a1Entry);
    });
  });

  describe('links and the monitor', () => {
    let late: string;
    let draft: string;
    let onA1: string;
    let onB: string;
    let monthly: string;

    before(async () => {
      late = (await insertItem(t.c.db, { orgId: city.a.id, title: '按时限晚了的通知', generatedOn: '2026-09-24', firstPublishedAt: at('2026-10-30'), indexNumber: 'A/2026-00001' })).id;
      draft = (await insertItem(t.c.db, { orgId: city.a.id, title: '尚未发布的草稿', publicState: 'unpublished', generatedOn: '2026-09-01' })).id;
      onA1 = (await insertItem(t.c.db, { orgId: city.a1.id, title: '下级机构的按时信息', generatedOn: '2026-09-24', firstPublishedAt: at(DUE), indexNumber: 'A1/2026-00001' })).id;
      onB = (await insertItem(t.c.db, { orgId: city.b.id, title: '乙局的信息', generatedOn: '2026-09-24', firstPublishedAt: at('2026-09-25'), indexNumber: 'B/2026-00001' })).id;
      monthly = (await insertItem(t.c.db, { orgId: city.a.id, title: '十一月低保名单', generatedOn: '2026-10-30', firstPublishedAt: at('2026-11-02'), indexNumber: 'A/2026-00002' })).id;
    });
    const DUE = '2026-10-29';

    it('links items of the agency and its subtree by 索引号 or id, all or nothing, audited', async () => {
      const id = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '关联测试' }));
      const [links, audits] = [await linkCount(), await auditCount('standards.items-linked')];
      await assert.rejects(
        () => t.c.standards.link(actors.editorA, id, { refs: `A/2026-00001 ${onB}` }),
        (e: unknown) => e instanceof ValidationFailed && (e.fields.refs ?? '').includes(onB) && !(e.fields.refs ?? '').includes('A/2026-00001'),
      );
      await assert.rejects(() => t.c.standards.link(actors.editorA, id, { refs: 'B/2026-00001' }), ValidationFailed);
      await assert.rejects(() => t.c.standards.link(actors.editorA, id, { refs: '999999999' }), ValidationFailed);
      await assert.rejects(() => t.c.standards.link(actors.editorA, id, { refs: '  ' }), (e: unknown) => e instanceof ValidationFailed && /请填写/.test(e.fields.refs ?? ''));
      assert.deepEqual([await linkCount(), await auditCount('standards.items-linked')], [links, audits], 'nothing linked by a refused list');
      assert.equal(await t.c.standards.link(actors.editorA, id, { refs: `A/2026-00001，A1/2026-00001\n${draft}` }), 3);
      assert.equal(await t.c.standards.link(actors.editorA, id, { refs: `A/2026-00001 ${late}` }), 0, 'already linked');
      assert.equal(await auditCount('standards.items-linked'), audits + 1);
      await assert.rejects(() => t.c.standards.link(actors.reviewerA, id, { refs: 'A/2026-00001' }), Forbidden);
      await assert.rejects(() => t.c.standards.link(actors.editorB, id, { refs: 'B/2026-00001' }), NotFound);
      const page = await t.c.standards.entry(actors.reviewerA, id);
      assert.deepEqual(page.items.map((i) => i.id).sort(), [late, draft, onA1].sort());
      assert.equal(page.items.find((i) => i.id === late)?.due, DUE);
      await t.c.standards.unlink(actors.editorA, id, draft);
      await assert.rejects(() => t.c.standards.unlink(actors.editorA, id, draft), NotFound);
      await assert.rejects(() => t.c.standards.unlink(actors.editorA, id, 'x'), NotFound);
      assert.equal(await auditCount('standards.item-unlinked'), 1);
      await t.c.standards.remove(actors.editorA, id);
      assert.equal(await t.c.db.selectFrom('standardEntryItems').select('itemId').where('entryId', '=', id).executeTakeFirst(), undefined, 'links go with the entry');
      assert.ok(await t.c.db.selectFrom('catalogueItems').select('id').where('id', '=', late).executeTakeFirst(), 'the items stay');
    });

    it('assesses every entry of the agency and counts and filters by status', async () => {
      const lateE = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '超期公开的事项' }));
      await t.c.standards.link(actors.editorA, lateE, { refs: late });
      const overdueE = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '逾期的事项' }));
      await t.c.standards.link(actors.editorA, overdueE, { refs: `${draft} ${onA1}` });
      const okE = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '按月公开的事项', area: 'budget', timeLimit: '每月公示' }));
      await t.c.standards.link(actors.editorA, okE, { refs: monthly });
      const reqE = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '依申请的事项', method: 'on_request' }));
      const unlinkedE = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '未关联的事项' }));

      const o = await t.c.standards.overview(actors.reviewerA, city.a.id);
      const status = (id: string) => o.rows.find((r) => r.entry.id === id)?.assessment;
      assert.equal(status(lateE)?.status, 'late');
      assert.equal(status(lateE)?.due, DUE);
      assert.equal(status(overdueE)?.status, 'overdue');
      assert.equal(status(overdueE)?.due, '2026-09-29');
      assert.match(status(overdueE)?.reason ?? '', /尚未发布的草稿/);
      assert.deepEqual([status(okE)?.status, status(okE)?.due], ['ok', '2026-12-02']);
      assert.equal(status(reqE)?.status, 'not-monitored');
      assert.equal(status(unlinkedE)?.status, 'unlinked');
      assert.deepEqual(o.counts, { overdue: 1, late: 1, unknown: 0, unlinked: 1, ok: 1, 'not-monitored': 1 });

      const overdueOnly = await t.c.standards.overview(actors.reviewerA, city.a.id, { status: 'overdue' });
      assert.deepEqual(overdueOnly.rows.map((r) => r.entry.id), [overdueE]);
      assert.equal(overdueOnly.total, 1);
      assert.deepEqual((await t.c.standards.overview(actors.reviewerA, city.a.id, { area: 'budget' })).rows.map((r) => r.entry.id), [okE]);
      const paged = await t.c.standards.overview(actors.reviewerA, city.a.id, { page: 2, pageSize: 2 });
      assert.deepEqual([paged.rows.length, paged.total, paged.page], [2, 5, 2]);
      assert.equal((await t.c.standards.overview(actors.reviewerA, city.a.id, { status: 'nonsense', area: 'nonsense' })).total, 5, 'unknown filters are ignored');
    });

    it('imports a sector catalogue once (idempotent by 一级 + 二级事项), audited', async () => {
      const template = sectorCatalogue('water');
      await t.c.standards.create(actors.editorA, city.a1.id, form({ area: 'water', level1: '基本信息', level2: '单位概况' }));
      const first = await t.c.standards.importSector(actors.editorA, city.a1.id, { sector: 'water' });
      assert.deepEqual(first, { created: template.length - 1, skipped: 1 });
      const second = await t.c.standards.importSector(actors.editorA, city.a1.id, { sector: 'water' });
      assert.deepEqual(second, { created: 0, skipped: template.length });
      const rows = await t.c.db.selectFrom('standardEntries').selectAll().where('orgId', '=', city.a1.id).execute();
      assert.equal(rows.length, template.length);
      assert.ok(rows.every((r) => r.levels.join() === 'county'), 'a1 is not city-level');
      assert.equal(rows.find((r) => r.level2 === '停水通知')?.limitKind, 'none');
      assert.equal(await auditCount('standards.sector-imported'), 2);
      await assert.rejects(() => t.c.standards.importSector(actors.editorA, city.a1.id, { sector: 'astrology' }), (e: unknown) => e instanceof ValidationFailed && /请选择行业/.test(e.fields.sector ?? ''));
      await assert.rejects(() => t.c.standards.importSector(actors.reviewerA, city.a1.id, { sector: 'gas' }), Forbidden);
      await assert.rejects(() => t.c.standards.importSector(actors.editorB, city.a1.id, { sector: 'gas' }), NotFound);
      assert.equal((await t.c.db.selectFrom('standardEntries').select('id').where('orgId', '=', city.a1.id).execute()).length, template.length);
      // b is directly under the city: its imports are 市级.
      await t.c.standards.importSector(actors.coordinator, city.b.id, { sector: 'gas' });
      assert.ok((await t.c.db.selectFrom('standardEntries').select('levels').where('orgId', '=', city.b.id).execute()).every((r) => r.levels.join() === 'city'));
    });

    it('shows the public only public items and nothing staff-only', async () => {
      const onRequest = (await insertItem(t.c.db, { orgId: city.a.id, title: '依申请公开的文件', disclosure: 'on_request', generatedOn: '2026-09-24', firstPublishedAt: at('2026-09-25') })).id;
      const withdrawn = (await insertItem(t.c.db, { orgId: city.a.id, title: '已撤回的文件', publicState: 'withdrawn', generatedOn: '2026-09-24', firstPublishedAt: at('2026-09-25') })).id;
      const id = await t.c.standards.create(actors.editorA, city.a.id, form({ level1: '公开页面测试', level2: '混合关联', audience: 'specific', audienceNote: '辖区低保对象' }));
      await t.c.standards.link(actors.editorA, id, { refs: [late, draft, onRequest, withdrawn, onA1].join(' ') });

      const res = await anon.get('/agencies/dept-a/standards');
      assert.equal(res.statusCode, 200);
      const html = res.body;
      for (const s of ['公开页面测试', '混合关联', '低保政策文件、保障标准、申请条件', '《社会救助暂行办法》', T20, '政府网站', '社区/企事业单位/村公示栏（电子屏）', '特定群体（辖区低保对象）', '主动', '县级', '社会救助', '按时限晚了的通知', '下级机构的按时信息', `/catalogue/${late}`, '逾期未公开']) {
        assert.ok(html.includes(s), `shows ${s}`);
      }
      for (const s of ['尚未发布的草稿', '依申请公开的文件', '已撤回的文件', `/catalogue/${draft}`, `/catalogue/${onRequest}`, `/catalogue/${withdrawn}`, '/staff/standards', 'name="_csrf"']) {
        assert.ok(!html.includes(s), `hides ${s}`);
      }
      assert.ok(!html.includes('<script'), 'no script needed');
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"/);

      const empty = await anon.get('/agencies/dept-b1/standards');
      assert.equal(empty.statusCode, 200);
      assert.ok(empty.body.includes('尚未发布基层政务公开标准目录'));
      const missing = await anon.get('/agencies/no-such-agency/standards');
      assert.equal(missing.statusCode, 404);
      assert.ok(missing.body.includes('该机构不存在'));
      assert.ok((await anon.get('/agencies/dept-a')).body.includes('/agencies/dept-a/standards'), 'linked from the agency page');

      const en = await anon.get('/agencies/dept-a/standards', { cookie: 'gk_lang=en' });
      assert.ok(en.body.includes('Standard disclosure catalogue') && en.body.includes('Legal basis') && en.body.includes('lang="zh-CN"'));
      await t.c.standards.remove(actors.editorA, id);
    });
  });

  describe('workspace pages', () => {
    it('lists the catalogue with the status chart and table, and the import and add actions for editors', async () => {
      const res = await editorWeb.get(`/staff/standards?org=${city.a.id}`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('<svg class="chart" role="img"'));
      assert.ok(res.body.includes('按时效状态统计'));
      assert.ok(res.body.includes('从行业标准目录导入'));
      assert.ok(res.body.includes(`/staff/standards/new?org=${city.a.id}`));
      const filtered = await editorWeb.get(`/staff/standards?org=${city.a.id}&status=overdue`);
      assert.ok(filtered.body.includes('逾期的事项') && !filtered.body.includes('未关联的事项'));
      const ro = await reviewerWeb.get(`/staff/standards?org=${city.a.id}`);
      assert.equal(ro.statusCode, 200);
      assert.ok(!ro.body.includes('从行业标准目录导入') && !ro.body.includes('/staff/standards/new'));
    });

    it('answers 400 with the message next to the field on an invalid form, and changes nothing', async () => {
      const entries = await entryCount();
      await editorWeb.get(`/staff/standards/new?org=${city.a.id}`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/staff/standards/new?org=${city.a.id}`,
        payload: body({ _csrf: editorWeb.csrf, ...form({ level1: '', channels: [], levels: ['county'] }) }),
        headers: { cookie: [...editorWeb.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(fieldError(res.body, 'level1'), '请填写一级事项。');
      assert.equal(fieldError(res.body, 'channels'), '请至少选择一个公开渠道和载体。');
      assert.ok(res.body.includes('value="county" checked'), 'the ticked boxes stay ticked');
      assert.equal(await entryCount(), entries);
    });

    it('creates with several channels ticked, then edits and deletes after confirmation', async () => {
      const cookie = () => [...editorWeb.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      await editorWeb.get(`/staff/standards/new?org=${city.a.id}`);
      const created = await t.app.inject({
        method: 'POST',
        url: `/staff/standards/new?org=${city.a.id}`,
        payload: body({ _csrf: editorWeb.csrf, ...form({ level2: '网页新增', channels: ['website', 'hotline', 'push'] }) }),
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(created.statusCode, 303);
      const id = /\/staff\/standards\/(\d+)$/.exec(String(created.headers.location))?.[1];
      assert.ok(id);
      assert.deepEqual((await t.c.db.selectFrom('standardEntries').select('channels').where('id', '=', id).executeTakeFirstOrThrow()).channels, ['website', 'hotline', 'push']);
      const page = await editorWeb.get(`/staff/standards/${id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('12345政务服务热线') && page.body.includes('尚未关联信息'));

      const badLink = await editorWeb.post(`/staff/standards/${id}/links`, { refs: 'B/2026-00001' });
      assert.equal(badLink.statusCode, 400);
      assert.match(fieldError(badLink.body, 'refs') ?? '', /未找到本机构（含下级机构）的以下信息：B\/2026-00001/);
      assert.equal((await editorWeb.post(`/staff/standards/${id}/links`, { refs: 'A/2026-00001' })).statusCode, 303);
      assert.ok((await editorWeb.get(`/staff/standards/${id}`)).body.includes('按时限晚了的通知'));

      const editForm = await editorWeb.get(`/staff/standards/${id}/edit`);
      assert.equal(editForm.statusCode, 200);
      assert.ok(editForm.body.includes('value="hotline" checked') && editForm.body.includes('网页新增'));
      const edited = await t.app.inject({
        method: 'POST',
        url: `/staff/standards/${id}/edit`,
        payload: body({ _csrf: editorWeb.csrf, ...form({ level2: '网页修改', channels: ['website'], limitKind: 'periodic', limitValue: '3' }) }),
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(edited.statusCode, 303);
      const row = await t.c.db.selectFrom('standardEntries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.level2, row.channels, row.limitKind, row.limitValue], ['网页修改', ['website'], 'periodic', 3]);

      const confirm = await editorWeb.get(`/staff/standards/${id}/delete`);
      assert.equal(confirm.statusCode, 200);
      assert.ok(confirm.body.includes('确认删除'));
      assert.equal((await editorWeb.post(`/staff/standards/${id}/delete`, {})).statusCode, 303);
      assert.equal(await t.c.db.selectFrom('standardEntries').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    });

    it('answers 404 for unknown or foreign ids and 403 for roles that may not edit, in Chinese', async () => {
      const id = await t.c.standards.create(actors.editorA, city.a.id, form({ level2: '权限页面测试' }));
      for (const url of ['/staff/standards/999999999', '/staff/standards/abc', '/staff/standards/1e3/edit', `/staff/standards/new?org=abc`, `/staff/standards/new?org=999999999`, `/staff/standards?org=${city.b.id}`]) {
        const res = await editorWeb.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /不存在/, url);
      }
      for (const url of [`/staff/standards/${id}`, `/staff/standards/${id}/edit`, `/staff/standards/${id}/delete`]) assert.equal((await editorBWeb.get(url)).statusCode, 404, url);
      assert.equal((await editorBWeb.post(`/staff/standards/${id}/delete`, {})).statusCode, 404);
      assert.equal((await editorBWeb.post(`/staff/standards/${id}/edit`, { level2: 'x' })).statusCode, 404);
      assert.equal((await editorWeb.post(`/staff/standards/999999999/delete`, {})).statusCode, 404);
      assert.equal((await editorWeb.post(`/staff/standards/${id}/links/abc/remove`, {})).statusCode, 404);
      assert.equal((await editorWeb.post('/staff/standards/import', { org: 'abc', sector: 'water' })).statusCode, 404);
      const forbidden = await reviewerWeb.get(`/staff/standards/new?org=${city.a.id}`);
      assert.equal(forbidden.statusCode, 403);
      assert.match(forbidden.body, /没有维护该机构标准目录的权限/);
      assert.equal((await reviewerWeb.post(`/staff/standards/${id}/delete`, {})).statusCode, 403);
      assert.equal((await editorWeb.post(`/staff/standards/${id}/delete`, {}, { csrf: false })).statusCode, 403, 'CSRF token required');
      assert.equal((await anon.get('/staff/standards')).statusCode, 303, 'sign in first');
      assert.ok(await t.c.db.selectFrom('standardEntries').select('id').where('id', '=', id).executeTakeFirst(), 'still there');
      const bad = await editorWeb.post('/staff/standards/import', { org: city.a.id, sector: 'astrology' });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldError(bad.body, 'sector'), '请选择行业。');
    });
  });
});
