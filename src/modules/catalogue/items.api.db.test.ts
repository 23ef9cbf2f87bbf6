/**
 * Staff catalogue writes over REST with API tokens: a token issued on the workspace page (shown
 * once), then requests that carry nothing but `Authorization: Bearer`. The token acts with its
 * owner's current roles inside its agency's subtree, and nowhere else.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, loggerOptions } from '#src/app.js';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, TEST_SECRET, type TestApp } from '#test/app.js';

type Json = Record<string, unknown> & { id: string; workState: string | null; publicState: string; warnings?: string[]; work: Record<string, unknown> | null; errors?: Record<string, string>; code?: string; detail?: string };

const TOKEN = /gk_[0-9a-f]{8}_[A-Za-z0-9_-]{32,}/;

describe('staff catalogue API with API tokens', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const sys = systemActor('test');
  /** The admin of agencies A and B, signed in on the workspace. */
  let admin: Client;
  let adminId = '';
  /** A token of the admin for agency A only. */
  let tokenA = '';

  /** A request with nothing but the bearer token (no cookies, no CSRF token). */
  const api = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, contentType = 'application/json') =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) } : {}),
    });
  const body = (res: LightMyRequestResponse) => res.json<Json>();
  const itemCount = async () => Number((await t.c.db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const itemRow = (id: string) => t.c.db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const assertProblem = (res: LightMyRequestResponse, status: number) => {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.match(body(res).detail ?? '', /[\u4e00-\u9fff]/);
  };

  /** Signs in on the workspace and issues a token through the page; returns the secret shown once. */
  async function issueToken(client: Client, orgId: string, name: string, days = '30'): Promise<string> {
    await client.get('/staff/api-tokens');
    const res = await client.post('/staff/api-tokens', { orgId, name, days });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /只显示这一次/);
    const m = TOKEN.exec(res.body);
    assert.ok(m, 'the page shows the secret');
    return m[0];
  }

  /** A published item of the agency, created and approved by the system. */
  async function publishedItem(orgId: string, title: string): Promise<string> {
    const { id } = await t.c.catalogue.create(sys, orgId, { title, generatedOn: '2024-03-04', bodyText: '正文' });
    await t.c.catalogue.submit(sys, id);
    await t.c.catalogue.approve(sys, id);
    return id;
  }

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(sys, city.a.id, { name: city.a.name, creditCode: makeCreditCode('11990100', '00001434') });
    await t.c.orgs.updateProfile(sys, city.b.id, { name: city.b.name, creditCode: makeCreditCode('11990100', '00001442') });
    const { user, totpSecret } = await makeStaff(t.c, 'admin-ab', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }, { orgId: city.b.id, role: 'agency_admin' }], { totp: true });
    adminId = user.id;
    admin = new Client(t.app);
    await admin.loginStaff('admin-ab', undefined, totpSecret);
    tokenA = await issueToken(admin, city.a.id, '公文系统对接');
  });
  after(async () => t.close());

  it('issues a token on the page: the list shows its prefix, never the secret, and the issue is audited without it', async () => {
    const list = await admin.get('/staff/api-tokens');

    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(tokenA));
    assert.ok(list.body.includes(`gk_${tokenA.slice(3, 11)}`));
    assert.match(list.body, /公文系统对接/);
    const entries = await t.c.db.selectFrom('auditEntries').selectAll().where('action', '=', 'api-token.created').execute();
    assert.equal(entries.length, 1);
    assert.ok(!JSON.stringify(entries).includes(tokenA.slice(12)));
    const stored = await t.c.db.selectFrom('apiTokens').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes(tokenA.slice(12)), 'only the hash is stored');
  });

  it('refuses to issue a token beyond the admin roles or the 365-day limit', async () => {
    const before = await t.c.db.selectFrom('apiTokens').select('id').execute();

    const outside = await admin.post('/staff/api-tokens', { orgId: city.city.id, name: '越权', days: '30' });
    const tooLong = await admin.post('/staff/api-tokens', { orgId: city.a.id, name: '太长', days: '400' });

    assert.equal(outside.statusCode, 400);
    assert.equal(tooLong.statusCode, 400);
    assert.ok(!TOKEN.test(outside.body) && !TOKEN.test(tooLong.body));
    assert.equal((await t.c.db.selectFrom('apiTokens').select('id').execute()).length, before.length);
  });

  it('creates, edits, reads and submits an item with only the bearer token', async () => {
    const created = await api(tokenA, 'POST', '/api/v1/staff/items', { title: '关于开展测试工作的通知', generatedOn: '2024-05-06', genre: 'G08', bodyText: '第一段\n第二段', keywords: ['测试'] });
    assert.equal(created.statusCode, 201, created.body);
    const { id, warnings } = body(created);
    assert.ok(Array.isArray(warnings));
    assert.equal(body(created).workState, 'draft');
    assert.equal((body(created).agency as { slug: string }).slug, 'dept-a');

    const patched = await api(tokenA, 'PATCH', `/api/v1/staff/items/${id}`, { title: '关于开展测试工作的通知（修订）' });
    assert.equal(patched.statusCode, 200, patched.body);
    const work = body(patched).work!;
    assert.equal(work.title, '关于开展测试工作的通知（修订）');
    assert.equal(work.bodyText, '第一段\n第二段', 'fields not sent keep their values');
    assert.deepEqual(work.keywords, ['测试']);
    assert.equal(work.genre, 'G08');

    const submitted = await api(tokenA, 'POST', `/api/v1/staff/items/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(body(submitted).workState, 'submitted');
    const read = await api(tokenA, 'GET', `/api/v1/staff/items/${id}`);
    assert.equal(read.statusCode, 200);
    assert.equal(body(read).workState, 'submitted');
    const again = await api(tokenA, 'PATCH', `/api/v1/staff/items/${id}`, { title: '审查中不能改' });
    assertProblem(again, 409);

    const actions = await t.c.db.selectFrom('auditEntries').select(['action', 'actorId', 'actorLabel']).where('subjectId', '=', id).where('subjectType', '=', 'catalogue_item').orderBy('seq').execute();
    assert.deepEqual(actions.map((a) => a.action), ['catalogue.item-created', 'catalogue.item-edited', 'catalogue.item-submitted']);
    for (const a of actions) {
      assert.equal(a.actorId, adminId);
      assert.equal(a.actorLabel, `admin-ab (API gk_${tokenA.slice(3, 11)})`);
    }
    const used = await t.c.db.selectFrom('apiTokens').select('lastUsedAt').where('prefix', '=', tokenA.slice(3, 11)).executeTakeFirstOrThrow();
    assert.ok(used.lastUsedAt, 'the use is recorded');
  });

  it('creates for a subordinate agency in the token subtree when asked', async () => {
    const res = await api(tokenA, 'POST', '/api/v1/staff/items', { agency: 'dept-a1', title: '一处的文件', generatedOn: '2024-05-06' });

    assert.equal(res.statusCode, 201, res.body);
    assert.equal((body(res).agency as { slug: string }).slug, 'dept-a1');
  });

  it('imports JSONL and CSV; refuses a file with a bad line (422) in all-or-nothing mode and writes nothing', async () => {
    const line = (o: Record<string, unknown>) => JSON.stringify({ agency: 'dept-a', title: '导入的文件', generatedOn: '2024-04-01', bodyText: '正文', ...o });
    const before = await itemCount();

    const ok = await api(tokenA, 'POST', '/api/v1/staff/items/import', [line({ key: 'x' }), line({ key: 'y', title: '解读', interprets: 'x' })].join('\n'), 'application/x-ndjson');
    assert.equal(ok.statusCode, 200, ok.body);
    const report = ok.json<{ imported: number; failed: number; lines: { id: string | null; ok: boolean }[] }>();
    assert.equal(report.imported, 2);
    assert.equal(report.failed, 0);
    assert.ok(report.lines.every((l) => l.ok && l.id));
    assert.equal(await itemCount(), before + 2);

    const refused = await api(tokenA, 'POST', '/api/v1/staff/items/import', [line({}), line({ generatedOn: '2024-02-30' })].join('\n'), 'application/x-ndjson');
    assert.equal(refused.statusCode, 422);
    const r2 = refused.json<{ imported: number; failed: number; lines: { line: number; errors: Record<string, string> }[] }>();
    assert.equal(r2.imported, 0);
    assert.ok(r2.lines[1]!.errors.generatedOn);
    assert.equal(await itemCount(), before + 2);

    const partial = await api(tokenA, 'POST', '/api/v1/staff/items/import?mode=valid-only', [line({}), line({ generatedOn: 'x' })].join('\n'), 'application/jsonl');
    assert.equal(partial.statusCode, 200);
    assert.equal(partial.json<{ imported: number }>().imported, 1);

    const csv = await api(tokenA, 'POST', '/api/v1/staff/items/import', 'agency,title,generatedOn,keywords\r\ndept-a,表格导入,2024-04-02,甲;乙\r\n', 'text/csv; charset=utf-8');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.equal(csv.json<{ format: string; imported: number }>().format, 'csv');
    assert.equal(await itemCount(), before + 4);
  });

  it('withdraws a published item with a reason (the owner is agency admin); the reason is required', async () => {
    const id = await publishedItem(city.a.id, '将被撤回的文件');

    const noReason = await api(tokenA, 'POST', `/api/v1/staff/items/${id}/withdraw`, {});
    assertProblem(noReason, 400);
    assert.ok(body(noReason).errors?.reason);
    const res = await api(tokenA, 'POST', `/api/v1/staff/items/${id}/withdraw`, { reason: '内容有误，予以撤回' });

    assert.equal(res.statusCode, 200, res.body);
    assert.equal(body(res).publicState, 'withdrawn');
    assert.equal((await itemRow(id)).publicState, 'withdrawn');
  });

  it('gives a coordinator token no more than the coordinator role: no drafting, no withdrawal', async () => {
    const { totpSecret } = await makeStaff(t.c, 'coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], { totp: true });
    const coord = new Client(t.app);
    await coord.loginStaff('coord', undefined, totpSecret);
    const token = await issueToken(coord, city.a.id, '协调员令牌');
    const id = await publishedItem(city.a.id, '协调员不能撤回');

    const create = await api(token, 'POST', '/api/v1/staff/items', { title: '协调员不能起草', generatedOn: '2024-05-06' });
    const withdraw = await api(token, 'POST', `/api/v1/staff/items/${id}/withdraw`, { reason: '尝试撤回' });
    const read = await api(token, 'GET', `/api/v1/staff/items/${id}`);

    assertProblem(create, 403);
    assertProblem(withdraw, 403);
    assert.equal(read.statusCode, 200);
    assert.equal((await itemRow(id)).publicState, 'published');
  });

  it("keeps a token for agency A away from agency B's items (404) and from creating for B, changing nothing", async () => {
    const { id: bDraft } = await t.c.catalogue.create(sys, city.b.id, { title: '乙局草稿', generatedOn: '2024-03-04', bodyText: '正文' });
    const bPublished = await publishedItem(city.b.id, '乙局已发布');
    const snapshot = [await itemRow(bDraft), await itemRow(bPublished)];
    const count = await itemCount();

    assertProblem(await api(tokenA, 'GET', `/api/v1/staff/items/${bDraft}`), 404);
    assertProblem(await api(tokenA, 'PATCH', `/api/v1/staff/items/${bDraft}`, { title: '越权修改' }), 404);
    assertProblem(await api(tokenA, 'POST', `/api/v1/staff/items/${bDraft}/submit`), 404);
    assertProblem(await api(tokenA, 'POST', `/api/v1/staff/items/${bPublished}/withdraw`, { reason: '越权撤回' }), 404);
    const createB = await api(tokenA, 'POST', '/api/v1/staff/items', { agency: 'dept-b', title: '越权新建', generatedOn: '2024-05-06' });
    assertProblem(createB, 400);
    assert.ok(body(createB).errors?.agency);
    const importB = await api(tokenA, 'POST', '/api/v1/staff/items/import?mode=valid-only', JSON.stringify({ agency: 'dept-b', title: '越权导入', generatedOn: '2024-05-06' }), 'application/x-ndjson');
    assert.equal(importB.statusCode, 200);
    assert.equal(importB.json<{ imported: number; lines: { errors: Record<string, string> }[] }>().imported, 0);
    assert.ok(importB.json<{ lines: { errors: Record<string, string> }[] }>().lines[0]!.errors.agency);

    assert.deepEqual([await itemRow(bDraft), await itemRow(bPublished)], snapshot);
    assert.equal(await itemCount(), count);
  });

  it('refuses revoked, expired and unknown tokens with 401 problem JSON', async () => {
    const revoked = await issueToken(admin, city.a.id, '将撤销');
    const expired = await issueToken(admin, city.a.id, '将过期');
    assert.notEqual((await api(revoked, 'GET', '/api/v1/staff/items/1')).statusCode, 401);
    const row = await t.c.db.selectFrom('apiTokens').select('id').where('prefix', '=', revoked.slice(3, 11)).executeTakeFirstOrThrow();
    const res = await admin.post(`/staff/api-tokens/${row.id}/revoke`, {});
    assert.equal(res.statusCode, 303);
    await t.c.db.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() - 1000) }).where('prefix', '=', expired.slice(3, 11)).execute();
    const count = await itemCount();

    for (const token of [revoked, expired, `${tokenA.slice(0, -4)}AAAA`, 'gk_00000000_short', 'not-a-token']) {
      const r = await api(token, 'POST', '/api/v1/staff/items', { title: '不应创建', generatedOn: '2024-05-06' });
      assertProblem(r, 401);
      assert.equal(body(r).code, 'TOKEN_INVALID');
    }
    assert.equal(await itemCount(), count);
    const list = await admin.get('/staff/api-tokens');
    assert.match(list.body, /已撤销/);
    assert.match(list.body, /已过期/);
    assert.equal(Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api-token.revoked').where('subjectId', '=', row.id).executeTakeFirstOrThrow()).n), 1);
  });

  it('stops a token when its owner loses the admin role or is disabled', async () => {
    const { user, totpSecret } = await makeStaff(t.c, 'admin-x', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }, { orgId: city.a.id, role: 'editor' }], { totp: true });
    const { user: user2, totpSecret: secret2 } = await makeStaff(t.c, 'admin-y', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    const x = new Client(t.app);
    await x.loginStaff('admin-x', undefined, totpSecret);
    const y = new Client(t.app);
    await y.loginStaff('admin-y', undefined, secret2);
    const tokenX = await issueToken(x, city.a.id, 'X');
    const tokenY = await issueToken(y, city.a.id, 'Y');
    assert.equal((await api(tokenX, 'GET', '/api/v1/staff/items/999999')).statusCode, 404);
    assert.equal((await api(tokenY, 'GET', '/api/v1/staff/items/999999')).statusCode, 404);
    const grant = await t.c.db.selectFrom('roleGrants').select('id').where('userId', '=', user.id).where('role', '=', 'agency_admin').executeTakeFirstOrThrow();

    await t.c.users.revokeRole(sys, user.id, grant.id);
    await t.c.users.setActive(sys, user2.id, false);

    assertProblem(await api(tokenX, 'POST', '/api/v1/staff/items', { title: '角色已撤销', generatedOn: '2024-05-06' }), 401);
    assertProblem(await api(tokenY, 'GET', '/api/v1/staff/items/999999'), 401);
  });

  it('refuses cookies plus bearer without the CSRF token (403), and never honours the bearer on pages', async () => {
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const count = await itemCount();

    const mixed = await t.app.inject({ method: 'POST', url: '/api/v1/staff/items', headers: { authorization: `Bearer ${tokenA}`, cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ title: '跨站请求', generatedOn: '2024-05-06' }) });
    const page = await t.app.inject({ method: 'GET', url: '/staff/items', headers: { authorization: `Bearer ${tokenA}` } });
    const pagePost = await t.app.inject({ method: 'POST', url: '/staff/items', headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'orgId=1&title=x&generatedOn=2024-05-06' });
    const tokensPage = await t.app.inject({ method: 'GET', url: '/staff/api-tokens', headers: { authorization: `Bearer ${tokenA}` } });

    assertProblem(mixed, 403);
    assert.equal(body(mixed).code, 'CSRF_FAILED');
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/staff\/login/);
    assert.equal(pagePost.statusCode, 303);
    assert.equal(tokensPage.statusCode, 303);
    assert.equal(await itemCount(), count);
  });

  it('answers bad bodies with 400 (or 415) problem JSON, never a 5xx', async () => {
    const count = await itemCount();
    const cases: [LightMyRequestResponse, number, string?][] = [
      [await api(tokenA, 'POST', '/api/v1/staff/items', '{"title": "坏的', 'application/json'), 400],
      [await api(tokenA, 'POST', '/api/v1/staff/items', '[1,2]', 'application/json'), 400, '_'],
      [await api(tokenA, 'POST', '/api/v1/staff/items', 'title=x', 'text/plain'), 400, '_'],
      [await api(tokenA, 'POST', '/api/v1/staff/items', { generatedOn: '2024-05-06' }), 400, 'title'],
      [await api(tokenA, 'POST', '/api/v1/staff/items', { title: 'x', generatedOn: '2024-13-01' }), 400, 'generatedOn'],
      [await api(tokenA, 'POST', '/api/v1/staff/items', { title: 'x', generatedOn: '2024-05-06', state: 'published' }), 400, 'state'],
      [await api(tokenA, 'POST', '/api/v1/staff/items', { title: 'x', generatedOn: '2024-05-06', agency: 42 }), 400, 'agency'],
      [await api(tokenA, 'PATCH', '/api/v1/staff/items/1', 'null', 'application/json'), 400],
      [await api(tokenA, 'GET', '/api/v1/staff/items/abc'), 404],
      [await api(tokenA, 'POST', '/api/v1/staff/items/import', { agency: 'dept-a' }), 415],
      [await api(tokenA, 'POST', '/api/v1/staff/items/import?mode=some', 'x', 'text/csv'), 400, 'mode'],
      [await api(tokenA, 'POST', '/api/v1/staff/items/import', Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'text/csv'), 400, 'body'],
      [await api(tokenA, 'POST', '/api/v1/staff/items/import', '', 'application/x-ndjson'), 400],
    ];

    for (const [res, status, field] of cases) {
      assertProblem(res, status);
      if (field) assert.ok(body(res).errors?.[field], `${field} named in ${res.body}`);
    }
    assert.equal(await itemCount(), count);
  });

  it('keeps the secret out of the request log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = await buildApp({ container: t.c, secret: TEST_SECRET, logger: { ...(loggerOptions('debug') as object), stream } });
    try {
      await logged.inject({ method: 'POST', url: '/api/v1/staff/items', headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' }, payload: '{bad' });
      await logged.inject({ method: 'GET', url: '/api/v1/staff/items/1', headers: { authorization: `Bearer ${tokenA}x` } });
    } finally {
      await logged.close();
    }

    assert.ok(lines.length > 0);
    assert.ok(!lines.join('').includes(tokenA.slice(12)));
  });
});
