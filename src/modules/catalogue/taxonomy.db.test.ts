import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp, fieldError } from '#test/app.js';

describe('主题分类 and 体裁 kept by the coordinator', () => {
  let t: TestApp;
  let coord: Client;
  let editor: Client;
  const count = async (action: string) => (await t.c.db.selectFrom('auditEntries').select('seq').where('action', '=', action).execute()).length;

  before(async () => {
    t = await buildTestApp();
    const city = await seedSmallCity(t.c);
    const { totpSecret } = await makeStaff(t.c, 'tax-coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], { totp: true });
    await makeStaff(t.c, 'tax-editor', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    coord = new Client(t.app);
    await coord.loginStaff('tax-coord', undefined, totpSecret);
    editor = new Client(t.app);
    await editor.loginStaff('tax-editor');
  });
  after(async () => t.close());

  it('starts with the gov.cn topic tree (22 classes, two levels) and 25 genres', async () => {
    const topics = await t.c.taxonomy.tree('topic');
    assert.equal(topics.length, 22);
    assert.equal(topics.reduce((s, x) => s + x.children.length, 0), 121);
    assert.ok(topics.find((x) => x.name === '综合政务')?.children.some((c) => c.name === '政务公开'));
    const genres = await t.c.taxonomy.tree('genre');
    assert.equal(genres.length, 25);
    assert.ok(genres.some((g) => g.name === '通知') && genres.some((g) => g.name === '规范性文件'));
  });

  it('lets the coordinator add, rename and retire terms, each audited', async () => {
    const parent = (await t.c.taxonomy.tree('topic')).find((x) => x.name === '综合政务')!;
    assert.equal((await coord.post('/staff/taxonomies?scheme=topic', { scheme: 'topic', parentId: parent.id, code: '0299', name: '数据开放' })).statusCode, 303);
    const added = (await t.c.taxonomy.tree('topic')).find((x) => x.id === parent.id)!.children.find((c) => c.name === '数据开放')!;
    assert.ok(added);
    assert.equal((await coord.post(`/staff/taxonomies/${added.id}/rename?scheme=topic`, { name: '公共数据开放' })).statusCode, 303);
    assert.equal((await coord.post(`/staff/taxonomies/${added.id}/status?scheme=topic`, { active: '0' })).statusCode, 303);
    const active = (await t.c.taxonomy.tree('topic')).find((x) => x.id === parent.id)!.children;
    assert.ok(!active.some((c) => c.id === added.id), 'a retired term is not offered');
    assert.ok((await t.c.taxonomy.tree('topic', true)).find((x) => x.id === parent.id)!.children.some((c) => c.name === '公共数据开放'));
    assert.deepEqual([await count('taxonomy.term-added'), await count('taxonomy.term-renamed'), await count('taxonomy.term-retired')], [1, 1, 1]);
  });

  it('refuses a duplicate, a third level and bad codes with messages next to the fields', async () => {
    const dup = await coord.post('/staff/taxonomies?scheme=genre', { scheme: 'genre', code: 'G01', name: '新体裁' });
    assert.equal(dup.statusCode, 409);
    assert.equal(fieldError(dup.body, 'code'), '同一分类下的代码或名称已存在。');
    const child = (await t.c.taxonomy.tree('topic'))[1]!.children[0]!;
    const deep = await coord.post('/staff/taxonomies?scheme=topic', { scheme: 'topic', parentId: child.id, code: 'X1', name: '三级' });
    assert.equal(deep.statusCode, 400);
    assert.equal(fieldError(deep.body, 'parentId'), '上级只能是一级主题分类。');
    const bad = await coord.post('/staff/taxonomies?scheme=genre', { scheme: 'genre', code: 'a b', name: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(fieldError(bad.body, 'code') ?? '', /代码/);
    assert.match(fieldError(bad.body, 'name') ?? '', /名称/);
    assert.equal(await count('taxonomy.term-added'), 1);
  });

  it('shows other staff the lists without edit forms and refuses their changes', async () => {
    const page = await editor.get('/staff/taxonomies?scheme=genre');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('规范性文件'));
    assert.ok(!page.body.includes('action="/staff/taxonomies?scheme'), 'no add form');
    const res = await editor.post('/staff/taxonomies?scheme=genre', { scheme: 'genre', code: 'Z9', name: '越权' });
    assert.equal(res.statusCode, 403);
    assert.ok(!(await t.c.taxonomy.tree('genre')).some((g) => g.name === '越权'));
  });
});
