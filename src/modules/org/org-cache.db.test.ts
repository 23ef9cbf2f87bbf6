import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { listenForChanges, type ChangeFeed } from '#platform/db/changes.js';
import { buildTestApp, seedSmallCity, type TestApp } from '#test/app.js';
import { createContainer } from '#src/container.js';

describe('cached public agency pages', () => {
  let t: TestApp;
  let feed: ChangeFeed;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    feed = await listenForChanges(t.tdb.url);
  });
  after(async () => {
    await feed.close();
    await t.close();
  });

  it('answers a repeated anonymous request with an ETag and 304 when unchanged', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/agencies' });
    assert.equal(first.statusCode, 200);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    const again = await t.app.inject({ method: 'GET', url: '/agencies', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('shows a change made through this process at once', async () => {
    await t.app.inject({ method: 'GET', url: '/agencies/dept-a' });
    await t.c.orgs.updateProfile(systemActor('test'), city.a.id, { name: '测试市甲局（改名）', phone: '0999-1234567' });
    const res = await t.app.inject({ method: 'GET', url: '/agencies/dept-a' });
    assert.ok(res.body.includes('测试市甲局（改名）'));
    assert.ok((await t.app.inject({ method: 'GET', url: '/agencies' })).body.includes('测试市甲局（改名）'));
  });

  it('shows a change made by another process once its notice arrives', async () => {
    // A second container on the same database stands for another app process.
    const other = createContainer({ db: t.tdb.db, config: t.config });
    const viewer = createContainer({ db: t.tdb.db, config: t.config, changes: feed });
    assert.ok((await viewer.orgs.publicTree()).length > 0);
    const before = viewer.orgs.version();
    await other.orgs.updateProfile(systemActor('test'), city.b.id, { name: '测试市乙局（另一进程）' });
    for (let i = 0; i < 50 && viewer.orgs.version() === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.notEqual(viewer.orgs.version(), before, 'the notice arrived');
    const all = await viewer.orgs.listActive();
    assert.equal(all.find((o) => o.id === city.b.id)?.name, '测试市乙局（另一进程）');
  });

  it('drops a deactivated agency from the cached directory and its page', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/dept-b1' })).statusCode, 200);
    await t.c.orgs.setActive(systemActor('test'), city.b1.id, false);
    assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/dept-b1' })).statusCode, 404);
    assert.ok(!(await t.app.inject({ method: 'GET', url: '/agencies' })).body.includes('乙局一处'));
  });

  it('issues the CSRF cookie only with pages that hold a form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/agencies' });
    assert.equal(res.cookies.find((c) => c.name === 'gk_csrf'), undefined, 'no cookie without a form');
    const login = await t.app.inject({ method: 'GET', url: '/staff/login' });
    assert.ok(login.cookies.find((c) => c.name === 'gk_csrf'), 'a page with a form issues the cookie');
  });
});
