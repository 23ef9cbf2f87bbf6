import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type Actor } from '#platform/actor.js';
import { DomainError } from '#platform/errors.js';
import { readXlsx } from '#platform/files/xlsx.js';
import { buildTestApp, Client, fieldError, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { FLOW_TEMPLATES } from './flow-templates.js';
import type { Flowchart } from './flowchart/index.js';

const system = systemActor('test');

/** A complete power as the service takes it. */
function power(code: string, extra: Record<string, unknown> = {}) {
  return {
    code,
    name: `民办学校设立审批（${code}）`,
    category: 'XK',
    subItems: ['民办学校筹设审批', '民办学校正式设立审批'],
    basis: [{ law: '中华人民共和国民办教育促进法', article: '第十二条', itemId: null }],
    implementingBody: '测试市甲局',
    division: '民办教育处',
    responsibilities: ['受理责任', '审查责任', '决定责任'],
    accountability: ['对符合法定条件的申请不予受理的'],
    statutoryDays: 20,
    promisedDays: 15,
    supervisionPhone: '0999-12345',
    ...extra,
  };
}

const licence = (): Flowchart => structuredClone(FLOW_TEMPLATES.licence!.chart);

describe('权责清单 and 办事指南', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let editor: Actor;
  let reviewer: Actor;
  let admin: Actor;
  let editorB: Actor;
  let editorWeb: Client;
  let adminWeb: Client;
  let editorBWeb: Client;
  const visitor = () => new Client(t.app);
  const auditCount = async () => Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const actorOf = async (username: string): Promise<Actor> => {
    const u = await t.c.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    const grants = await t.c.db.selectFrom('roleGrants as g').innerJoin('organisations as o', 'o.id', 'g.orgId').select(['g.orgId', 'o.path as orgPath', 'g.role']).where('g.userId', '=', u.id).execute();
    return { kind: 'user', id: u.id, username, displayName: username, userKind: 'staff', homeOrgId: null, grants: grants.map((g) => ({ orgId: g.orgId, orgPath: g.orgPath, role: g.role })) } as Actor;
  };
  const rejects = async (p: Promise<unknown>, pattern: RegExp) => {
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof DomainError, String(err));
      const text = `${err.message} ${Object.values(err.fields).join(' ')}`;
      assert.match(text, pattern);
      return true;
    });
  };

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await makeStaff(t.c, 'pw-editor', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    await makeStaff(t.c, 'pw-reviewer', city.a.id, [{ orgId: city.a.id, role: 'reviewer' }]);
    const adm = await makeStaff(t.c, 'pw-admin', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    await makeStaff(t.c, 'pw-editor-b', city.b.id, [{ orgId: city.b.id, role: 'editor' }]);
    editor = await actorOf('pw-editor');
    reviewer = await actorOf('pw-reviewer');
    admin = await actorOf('pw-admin');
    editorB = await actorOf('pw-editor-b');
    editorWeb = new Client(t.app);
    await editorWeb.loginStaff('pw-editor');
    adminWeb = new Client(t.app);
    await adminWeb.loginStaff('pw-admin', undefined, adm.totpSecret);
    editorBWeb = new Client(t.app);
    await editorBWeb.loginStaff('pw-editor-b');
  });
  after(async () => t.close());

  it('takes a power from draft through review to the public page, search and back out by withdrawal', async () => {
    const id = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-001'));
    assert.equal((await visitor().get(`/powers/${id}`)).statusCode, 404, 'a draft is not public');
    const check = await t.c.matters.saveFlowchart(editor, id, licence());
    assert.deepEqual(check.errors, []);
    await t.c.matters.submit(editor, id);
    await rejects(t.c.matters.approve(editor, id, {}), /权限|审核/);
    await t.c.matters.approve(reviewer, id, { note: '依据准确' });

    const page = await visitor().get(`/powers/${id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('民办学校设立审批（JA-XK-001）'));
    assert.ok(page.body.includes('《中华人民共和国民办教育促进法》'));
    assert.match(page.body, /<svg[^>]*role="img"/, 'the flowchart as a picture');
    assert.match(page.body, /<ol[^>]*>[\s\S]*一次性告知补正/, 'and as text');
    const svg = await visitor().get(`/powers/${id}/flowchart.svg`);
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
    assert.ok(svg.body.startsWith('<svg') || svg.body.startsWith('<?xml'));
    const list = await visitor().get('/agencies/dept-a/powers?category=XK');
    assert.ok(list.body.includes(`href="/powers/${id}"`));
    const api = JSON.parse((await visitor().get('/api/search?q=民办学校设立审批')).body) as { results: { url: string; kind: string }[] };
    assert.ok(api.results.some((r) => r.url.endsWith(`/powers/${id}`) && r.kind === 'power'), 'published powers are searchable');

    const before = await auditCount();
    await t.c.matters.withdraw(reviewer, id, { reason: '职权已划转' });
    assert.equal((await visitor().get(`/powers/${id}`)).statusCode, 404);
    assert.equal((await visitor().get(`/powers/${id}/flowchart.svg`)).statusCode, 404);
    assert.ok(!(await visitor().get('/agencies/dept-a/powers')).body.includes(`href="/powers/${id}"`));
    const again = JSON.parse((await visitor().get('/api/search?q=民办学校设立审批')).body) as { results: { url: string }[] };
    assert.ok(!again.results.some((r) => r.url.endsWith(`/powers/${id}`)), 'gone from search at once');
    assert.ok(!(await visitor().get('/agencies/dept-a/powers.csv')).body.includes('JA-XK-001'));
    assert.equal(await auditCount(), before + 1);
  });

  it('refuses to submit or publish a flowchart with errors, naming the step', async () => {
    const id = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-002'));
    const cases: [string, (c: Flowchart) => void, RegExp][] = [
      ['cycle without exit', (c) => {
        // 审查 ⇄ 补正 with no way out.
        c.steps[2]!.next = [{ to: 's4', label: '' }];
        c.steps[3]!.next = [{ to: 's3', label: '' }];
        c.steps[1]!.next = c.steps[1]!.next.filter((b) => b.to !== 's5');
      }, /审查|补正/],
      ['dangling step', (c) => c.steps.push({ id: 's10', kind: 'task', name: '孤立环节', role: '某人', limitDays: 1, limitNote: '', materials: '', result: '', next: [{ to: 's9', label: '' }] }), /孤立环节/],
      ['decision with one branch', (c) => (c.steps[5]!.next = [{ to: 's7', label: '准予许可' }]), /决定/],
      ['missing time limit', (c) => (c.steps[2]!.limitDays = null), /审查/],
      ['missing role', (c) => (c.steps[2]!.role = ''), /审查/],
      ['no end', (c) => {
        c.steps = c.steps.filter((s) => s.kind !== 'end');
        for (const s of c.steps) s.next = s.next.filter((b) => c.steps.some((x) => x.id === b.to));
      }, /结束/],
    ];
    for (const [label, mutate, pattern] of cases) {
      const chart = licence();
      mutate(chart);
      const check = await t.c.matters.saveFlowchart(editor, id, chart);
      assert.ok(check.errors.length > 0, `${label}: errors reported`);
      assert.match(check.errors.map((e) => e.message).join(' '), pattern, label);
      await rejects(t.c.matters.submit(editor, id), /流程图有 \d+ 处错误/);
      await rejects(t.c.matters.approve(admin, id, {}), /流程图有 \d+ 处错误/);
    }
    const state = await t.c.db.selectFrom('matters').select(['publicState', 'workState']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(state, { publicState: 'unpublished', workState: 'draft' });
  });

  it('warns when the longest path exceeds the statutory limit, without blocking', async () => {
    const id = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-003', { statutoryDays: 10 }));
    const check = await t.c.matters.saveFlowchart(editor, id, licence());
    assert.equal(check.errors.length, 0);
    assert.match(check.warnings.map((w) => w.message).join(' '), /超过法定时限 10 个工作日/);
    await t.c.matters.submit(editor, id);
  });

  it('lets the agency admin publish their own work, audited as self-approved; a reviewer never their own', async () => {
    const own = await t.c.matters.create(reviewer, 'power', city.a.id, power('JA-XK-004')).catch((e: unknown) => e);
    assert.ok(own instanceof DomainError, 'reviewers do not draft');
    const id = await t.c.matters.create(admin, 'power', city.a.id, power('JA-XK-005'));
    await t.c.matters.approve(admin, id, {});
    const entry = await t.c.db.selectFrom('auditEntries').select(['action', 'summary']).where('subjectId', '=', id).where('action', '=', 'matters.published').executeTakeFirstOrThrow();
    assert.equal((entry.summary as { selfApproved: boolean }).selfApproved, true);
  });

  it('rejects bad content with Chinese messages and changes nothing', async () => {
    const countBefore = Number((await t.c.db.selectFrom('matters').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const auditBefore = await auditCount();
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-006', { category: 'NOPE' })), /职权类别“NOPE”不存在/);
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-001', {})), /.*/).catch(() => undefined);
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('bad code!')), /职权编码只能/);
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-007', { basis: [] })), /至少填写一条设定依据/);
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-008', { statutoryDays: 'abc' })), /法定期限/);
    await rejects(t.c.matters.create(editorB, 'power', city.a.id, power('JA-XK-009')), /权限/);
    const countAfter = Number((await t.c.db.selectFrom('matters').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    // The duplicate of a withdrawn code is allowed (JA-XK-001 was withdrawn above): count that one.
    assert.ok(countAfter - countBefore <= 1);
    assert.ok((await auditCount()) - auditBefore <= 1);

    const dup = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-010'));
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-010')), new RegExp(`已被本机构另一事项（编号 ${dup}）使用`));
    // The same code in another agency is fine.
    await t.c.matters.create(editorB, 'power', city.b.id, { ...power('JA-XK-010'), implementingBody: '测试市乙局' });

    // Through the page: 400 with the message beside the field, nothing saved.
    const res = await editorWeb.post('/staff/powers', { orgId: city.a.id, code: 'JA-XK-011', name: '某', category: 'XK', basis: '《中华人民共和国行政许可法》第十二条', implementingBody: '测试市甲局', statutoryDays: '二十' });
    assert.equal(res.statusCode, 400);
    assert.match(fieldError(res.body, 'name') ?? '', /职权名称至少需要 2 个字符/);
    assert.match(fieldError(res.body, 'statutoryDays') ?? '', /法定期限须为 0–365 的整数/);
    assert.equal(await t.c.db.selectFrom('matters').select('id').where('code', '=', 'JA-XK-011').executeTakeFirst(), undefined);
  });

  it('scopes every staff surface to the agency tree', async () => {
    const id = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-020'));
    assert.equal((await editorBWeb.get(`/staff/powers/${id}`)).statusCode, 404);
    assert.equal((await editorBWeb.get(`/staff/powers/${id}/flowchart`)).statusCode, 404);
    assert.ok(!(await editorBWeb.get('/staff/powers')).body.includes('JA-XK-020'));
    assert.equal((await editorBWeb.get(`/staff/powers/export.csv?org=${city.a.id}`)).statusCode, 404);
    assert.equal((await editorBWeb.post(`/staff/powers/${id}/submit`, {})).statusCode, 404);
    assert.ok((await editorWeb.get('/staff/powers')).body.includes('JA-XK-020'));
    assert.equal((await visitor().get('/staff/powers')).statusCode, 303, 'the login page for visitors');
    // Malformed ids are a 404, never a 500.
    for (const bad of ['abc', '0', '99999999999999999999', "1'"]) assert.equal((await editorWeb.get(`/staff/powers/${encodeURIComponent(bad)}`)).statusCode, 404, bad);
    assert.equal((await visitor().get('/powers/abc')).statusCode, 404);
  });

  it('draws a flowchart in the workspace editor, row by row, and reports problems by step', async () => {
    const id = await t.c.matters.create(editor, 'power', city.a.id, power('JA-XK-030'));
    const editorPage = await editorWeb.get(`/staff/powers/${id}/flowchart`);
    assert.equal(editorPage.statusCode, 200);
    assert.ok(editorPage.body.includes('从模板开始'));
    const row = (n: number, kind: string, name: string, role: string, limit: string, to: [string, string][]) => {
      const p: [string, string][] = [
        [`s${n}_kind`, kind],
        [`s${n}_name`, name],
        [`s${n}_role`, role],
        [`s${n}_limit`, limit],
      ];
      to.forEach(([target, label], j) => p.push([`s${n}_to${j}`, target], [`s${n}_label${j}`, label]));
      return p;
    };
    const pairs: [string, string][] = [
      ['rows', '6'],
      ...row(1, 'start', '申请', '申请人', '', [['2', '']]),
      ...row(2, 'decision', '受理', '窗口人员', '1', [['3', '符合'], ['5', '不符合']]),
      ...row(3, 'task', '审查', '承办科室', '10', [['4', '']]),
      ...row(4, 'end', '发证', '窗口人员', '', []),
      ...row(5, 'end', '不予受理', '窗口人员', '', []),
      ...row(6, 'task', '', '', '', []),
    ];
    const saved = await editorWeb.postPairs(`/staff/powers/${id}/flowchart`, pairs);
    assert.equal(saved.statusCode, 303);
    const chart = (await t.c.db.selectFrom('matterVersions').select('flowchart').where('matterId', '=', id).executeTakeFirstOrThrow()).flowchart as Flowchart;
    assert.equal(chart.steps.length, 5, 'the blank row is dropped');
    assert.deepEqual(chart.steps[1]!.next, [
      { to: 's3', label: '符合' },
      { to: 's5', label: '不符合' },
    ]);
    const page = await editorWeb.get(`/staff/powers/${id}/flowchart`);
    assert.match(page.body, /检查通过|流程图已保存/);
    assert.match(page.body, /<svg[^>]*role="img"/);

    // A decision with one branch: saved as a draft, reported with its step, submission refused.
    const broken = pairs.map(([k, v]): [string, string] => (k === 's2_to1' ? [k, ''] : [k, v]));
    await editorWeb.postPairs(`/staff/powers/${id}/flowchart`, broken);
    const after = await editorWeb.get(`/staff/powers/${id}`);
    assert.match(after.body, /第 2 步“受理”/);
    const submit = await editorWeb.post(`/staff/powers/${id}/submit`, {});
    assert.equal(submit.statusCode, 400);
    assert.match(submit.body, /流程图有 \d+ 处错误/);
    // A time limit that is not a number is refused before anything is saved.
    const bad = await editorWeb.postPairs(`/staff/powers/${id}/flowchart`, pairs.map(([k, v]): [string, string] => (k === 's3_limit' ? [k, '十天'] : [k, v])));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第 3 行“审查”：时限应为 0–365 的整数/);
  });

  it('imports a power list from CSV with a row-by-row report, all or nothing', async () => {
    const header = '职权编码,职权名称,职权类别,设定依据,实施主体,法定期限（工作日）,责任事项';
    const good = [header, 'IMP-001,教师资格认定,行政许可,《教师资格条例》第十三条,测试市甲局,20,"受理责任\n审查责任"', 'IMP-002,对违反规定行为的处罚,行政处罚,《中华人民共和国教育法》第七十五条；《中华人民共和国行政处罚法》第三十二条,测试市甲局,,立案'].join('\r\n');
    const bad = [header, 'IMP-003,甲事项,行政许可,《某法》第一条,测试市甲局,20,', 'IMP-004,乙事项,行政审查,《某法》第二条,测试市甲局,20,', 'IMP-003,丙事项,行政许可,《某法》第三条,测试市甲局,二十天,'].join('\n');

    const report = await t.c.powerSheets.importSheet(editor, city.a.id, { fileName: 'bad.csv', data: Buffer.from(bad) }, { mode: 'all-or-nothing', publish: false });
    assert.equal(report.imported, 0);
    assert.deepEqual(
      report.rows.filter((r) => !r.ok).map((r) => r.row),
      [3, 4],
    );
    assert.match(report.rows[1]!.errors.join(' '), /职权类别“行政审查”不存在（可选：行政许可、/);
    assert.match(report.rows[2]!.errors.join(' '), /与第 2 行重复/);
    assert.match(report.rows[2]!.errors.join(' '), /“法定期限（工作日）”应为工作日数/);
    assert.equal(await t.c.db.selectFrom('matters').select('id').where('code', 'like', 'IMP-%').executeTakeFirst(), undefined, 'nothing imported');

    const ok = await t.c.powerSheets.importSheet(editor, city.a.id, { fileName: 'good.csv', data: Buffer.from(`\uFEFF${good}`) }, { mode: 'all-or-nothing', publish: false });
    assert.equal(ok.imported, 2);
    const imported = await t.c.db.selectFrom('matters').select(['code', 'publicState', 'workState']).where('code', 'like', 'IMP-%').orderBy('code').execute();
    assert.deepEqual(imported, [
      { code: 'IMP-001', publicState: 'unpublished', workState: 'draft' },
      { code: 'IMP-002', publicState: 'unpublished', workState: 'draft' },
    ]);
    const w = await t.c.matters.get(editor, (await t.c.db.selectFrom('matters').select('id').where('code', '=', 'IMP-002').executeTakeFirstOrThrow()).id);
    assert.equal(w.content.basis.length, 2);
    assert.equal(w.content.basis[1]!.law, '中华人民共和国行政处罚法');
    // Editors may not publish on import.
    await rejects(t.c.powerSheets.importSheet(editor, city.a.id, { fileName: 'good.csv', data: Buffer.from(good) }, { mode: 'all-or-nothing', publish: true }), /审核人或机构管理员/);
  });

  it('reads a CSV saved by Chinese Excel (GB18030) as well as UTF-8', async () => {
    // The same sheet as Excel's "CSV" in GB18030 (bytes from iconv -t GB18030): 职权编码,职权名称,… / GBK-001,档案查阅服务,…
    const bytes = Buffer.from(
      'd6b0c8a8b1e0c2eb2cd6b0c8a8c3fbb3c62cd6b0c8a8c0e0b1f02cc9e8b6a8d2c0bedd2ccab5caa9d6f7cce50d0a47424b2d3030312cb5b5b0b8b2e9d4c4b7fecef12cc6e4cbfbd0d0d5fec8a8c1a62ca1b6d6d0bbaac8cbc3f1b9b2bacdb9fab5b5b0b8b7a8a1b7b5dab6fecaaeb0cbccf52cb2e2cad4cad0bcd7bed60d0a',
      'hex',
    );
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not UTF-8');
    const report = await t.c.powerSheets.importSheet(editor, city.a.id, { fileName: 'gbk.csv', data: bytes }, { mode: 'all-or-nothing', publish: false });
    assert.equal(report.imported, 1, JSON.stringify(report.rows));
    const w = await t.c.matters.get(editor, report.rows[0]!.matterId!);
    assert.equal(w.content.name, '档案查阅服务');
  });

  it('exports XLSX that imports again (into another agency) and keeps every field', async () => {
    const res = await editorWeb.get(`/staff/powers/export.xlsx?org=${city.a.id}`);
    assert.equal(res.statusCode, 200);
    const rows = readXlsx(res.rawPayload);
    assert.equal(rows[0]![0], '职权编码');
    assert.ok(rows.some((r) => r[0] === 'IMP-001' && r[1] === '教师资格认定'));
    const onlyImp = [rows[0]!, ...rows.filter((r) => String(r[0]).startsWith('IMP-'))].map((r) => r.map((c) => c.replace(/测试市甲局/g, '测试市乙局')));
    const { writeXlsx } = await import('#platform/files/xlsx.js');
    const report = await t.c.powerSheets.importSheet(editorB, city.b.id, { fileName: 'again.xlsx', data: Buffer.from(writeXlsx([{ name: 'x', rows: onlyImp }])) }, { mode: 'all-or-nothing', publish: false });
    assert.equal(report.imported, 2, JSON.stringify(report.rows.filter((r) => !r.ok)));
    const a = await t.c.powerSheets.exportRows(city.a, false);
    const b = await t.c.powerSheets.exportRows(city.b, false);
    const pick = (rs: string[][], code: string) => rs.find((r) => r[0] === code)!.map((c) => c.replace(/测试市[甲乙]局/g, 'X'));
    assert.deepEqual(pick(b, 'IMP-002'), pick(a, 'IMP-002'));
  });

  it('imports through the page, with the report by row', async () => {
    const csv = '职权编码,职权名称,职权类别,设定依据,实施主体\nWEB-001,网页导入事项,行政确认,《某条例》第五条,测试市甲局\nWEB-002,第二项,未知类别,《某条例》第六条,测试市甲局\n';
    const res = await adminWeb.upload('/staff/powers/import', { orgId: city.a.id, mode: 'valid-only', publish: 'yes' }, { field: 'file', fileName: 'list.csv', content: Buffer.from(csv) });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /已导入 1 项并发布/);
    assert.match(res.body, /第 3 行/);
    assert.match(res.body, /职权类别“未知类别”不存在/);
    const id = (await t.c.db.selectFrom('matters').select('id').where('code', '=', 'WEB-001').executeTakeFirstOrThrow()).id;
    assert.equal((await visitor().get(`/powers/${id}`)).statusCode, 200);
    const xls = await adminWeb.upload('/staff/powers/import', { orgId: city.a.id }, { field: 'file', fileName: 'old.xls', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]) });
    assert.equal(xls.statusCode, 400);
    assert.match(xls.body, /旧版 Excel/);
  });

  it('keeps a service guide with materials, a blank form and a flowchart; the public page is complete and printable', async () => {
    const powerId = (await t.c.db.selectFrom('matters').select('id').where('code', '=', 'WEB-001').executeTakeFirstOrThrow()).id;
    const pairs: [string, string][] = [
      ['orgId', city.a.id],
      ['code', 'FW-001'],
      ['name', '网页导入事项办理'],
      ['serviceType', '行政确认'],
      ['powerId', powerId],
      ['implementingBody', '测试市甲局'],
      ['audiences', 'person'],
      ['audiences', 'legal'],
      ['handlingType', 'promised'],
      ['basis', '《某条例》第五条'],
      ['conditions', '符合条例第五条规定条件的申请人。'],
      ['m_name', '申请表'],
      ['m_form', 'original'],
      ['m_copies', '1'],
      ['m_required', 'yes'],
      ['m_note', '须本人签字'],
      ['m_source', '申请人自备'],
      ['m_blank', ''],
      ['m_name', '身份证明'],
      ['m_form', 'copy'],
      ['m_copies', '2'],
      ['m_required', 'no'],
      ['m_note', ''],
      ['m_source', ''],
      ['m_blank', ''],
      ['m_name', ''],
      ['m_form', 'original'],
      ['m_copies', '1'],
      ['m_required', 'yes'],
      ['m_note', ''],
      ['m_source', ''],
      ['m_blank', ''],
      ['statutoryDays', '20'],
      ['promisedDays', '5'],
      ['place', '测试市政务服务中心 3 号窗口'],
      ['hours', '工作日 9:00–17:00'],
      ['onlineUrl', 'https://zwfw.example.gov/fw001'],
      ['visits', '1'],
      ['appointment', 'yes'],
      ['delivery', 'no'],
      ['consult', '0999-1234567'],
      ['complaint', '12345'],
      ['faq_q', '可以代办吗？'],
      ['faq_a', '可以，须提交授权委托书。'],
    ];
    const created = await editorWeb.postPairs('/staff/services', pairs);
    assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
    const id = String(created.headers.location).split('/').pop()!;
    const w = await t.c.matters.get(editor, id);
    assert.equal(w.matter.type, 'service');
    assert.equal((w.content as { materials: unknown[] }).materials.length, 2);
    assert.deepEqual((w.content as { audiences: string[] }).audiences, ['person', 'legal']);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await editorWeb.upload(`/staff/services/${id}/files`, {}, { field: 'file', fileName: '申请表.pdf', content: pdf });
    assert.equal(up.statusCode, 303);
    const fileId = (await t.c.db.selectFrom('matterFiles').select('id').where('matterId', '=', id).executeTakeFirstOrThrow()).id;
    const exe = await editorWeb.upload(`/staff/services/${id}/files`, {}, { field: 'file', fileName: 'x.exe', content: Buffer.from('MZ\x90\x00') });
    assert.equal(exe.statusCode, 400);
    const withForm = pairs.filter(([k]) => k !== 'orgId').map(([k, v], i, all): [string, string] => (k === 'm_blank' && all.slice(0, i).filter(([x]) => x === 'm_blank').length === 0 ? [k, fileId] : [k, v]));
    assert.equal((await editorWeb.postPairs(`/staff/services/${id}/edit`, withForm)).statusCode, 303);
    assert.equal((await visitor().get(`/services/${id}/files/${fileId}`)).statusCode, 404, 'not public before publication');
    await t.c.matters.saveFlowchart(editor, id, FLOW_TEMPLATES.simple!.chart);
    await t.c.matters.submit(editor, id);
    await t.c.matters.approve(reviewer, id, {});

    const page = await visitor().get(`/services/${id}`);
    assert.equal(page.statusCode, 200);
    for (const text of ['受理条件', '申请材料', '申请表', '身份证明', '复印件', '须本人签字', '测试市政务服务中心 3 号窗口', '0999-1234567', '12345', '可以代办吗？', '网页导入事项', '运行流程图']) assert.ok(page.body.includes(text), text);
    assert.ok(page.body.includes(`href="/services/${id}/files/${fileId}"`));
    assert.ok(page.body.includes(`href="/powers/${powerId}"`), 'links to its power');
    const dl = await visitor().get(`/services/${id}/files/${fileId}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    // The power's page lists the guide.
    assert.ok((await visitor().get(`/powers/${powerId}`)).body.includes(`href="/services/${id}"`));
    assert.ok((await visitor().get('/services')).body.includes(`href="/services/${id}"`));
    // A file in use cannot be removed.
    const rm = await editorWeb.post(`/staff/services/${id}/files/${fileId}/remove`, {});
    assert.equal(rm.statusCode, 409);
  });

  it('lets the coordinator keep the category list; others only read it', async () => {
    await rejects(t.c.matters.saveCategory(admin, { code: 'SP', name: '行政审批' }), /市级政务公开主管部门/);
    await t.c.matters.saveCategory(system, { code: 'SP', name: '行政审批', sort: '5' });
    await t.c.matters.setCategoryActive(system, 'SP', false);
    await rejects(t.c.matters.create(editor, 'power', city.a.id, power('JA-SP-001', { category: 'SP' })), /不存在或已停用/);
    await rejects(t.c.matters.saveCategory(system, { code: 'XK2', name: '行政许可' }), /已存在/);
    const page = await editorWeb.get('/staff/powers/categories');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('行政审批'));
    assert.ok(!page.body.includes('/staff/powers/categories/SP/status'), 'no buttons for non-coordinators');
  });
});
