/**
 * Acceptance: staff of one agency cannot see or change another agency's staff or settings,
 * through the workspace pages and the API. Roles reach down the subtree of the agency they are
 * granted on, and nowhere else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';

type City = Awaited<ReturnType<typeof seedSmallCity>>;

function location(res: LightMyRequestResponse): string {
  const l = res.headers.location;
  return typeof l === 'string' ? l : '';
}

describe('access control across agencies (pages and API)', () => {
  let t: TestApp;
  let city: City;
  /** Staff ids by user name. */
  const ids: Record<string, string> = {};
  const browsers: Record<string, Client> = {};

  const userRow = (id: string) => t.c.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const grantsOf = (id: string) => t.c.db.selectFrom('roleGrants').selectAll().where('userId', '=', id).orderBy('id').execute();
  const orgRow = (id: string) => t.c.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Number of audit entries matching all the given columns. */
  async function audited(f: { action: string; actor?: string; subjectId?: string; orgId?: string }): Promise<number> {
    let q = t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', f.action);
    if (f.actor) q = q.where('actorLabel', '=', f.actor);
    if (f.subjectId) q = q.where('subjectId', '=', f.subjectId);
    if (f.orgId) q = q.where('orgId', '=', f.orgId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
  /** Everything an agency admin could change about an account, its grants and its sessions. */
  async function accountSnapshot(id: string) {
    const sessions = await t.c.db.selectFrom('sessions').select('id').where('userId', '=', id).execute();
    return { user: await userRow(id), grants: await grantsOf(id), sessions: sessions.length };
  }
  async function auditTotal(): Promise<number> {
    return Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  }

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    const mk = async (username: string, home: string, roles: Parameters<typeof makeStaff>[3], totp = false) => {
      const { user, totpSecret } = await makeStaff(t.c, username, home, roles, { totp });
      ids[username] = user.id;
      return totpSecret;
    };
    const adminSecret = await mk('admin-a', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], true);
    await mk('editor-a', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    await mk('staff-a1', city.a1.id, [{ orgId: city.a1.id, role: 'editor' }]);
    await mk('admin-b', city.b.id, [{ orgId: city.b.id, role: 'agency_admin' }], true);
    await mk('staff-b', city.b.id, [{ orgId: city.b.id, role: 'editor' }]);
    await mk('staff-b1', city.b1.id, [{ orgId: city.b1.id, role: 'disclosure_officer' }]);
    const coordSecret = await mk('coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], true);
    await mk('super', city.city.id, [{ orgId: city.city.id, role: 'supervisor' }]);

    // staff-b is locked out, so that an "unlock" from outside would show.
    await t.tdb.superQuery(`UPDATE users SET failed_logins = 9, locked_until = now() + interval '1 hour' WHERE id = $1`, [ids['staff-b']]);

    for (const [name, secret] of [['admin-a', adminSecret], ['coord', coordSecret], ['super', undefined], ['editor-a', undefined]] as const) {
      const b = new Client(t.app);
      const res = await b.loginStaff(name, undefined, secret);
      assert.equal(res.statusCode, 303, `sign-in of ${name}`);
      assert.equal(location(res), '/staff', `sign-in of ${name}`);
      assert.equal((await b.get('/staff')).statusCode, 200, `workspace of ${name}`);
      browsers[name] = b;
    }
  });
  after(async () => t.close());

  describe('an agency admin of dept-a', () => {
    const admin = () => browsers['admin-a']!;

    it('sees the staff of dept-a and dept-a1, and no one else, on the page and in the API', async () => {
      const page = await admin().get('/staff/users');
      assert.equal(page.statusCode, 200);
      for (const u of ['admin-a', 'editor-a', 'staff-a1']) assert.ok(page.body.includes(`href="/staff/users/${ids[u]}"`), `${u} listed`);
      for (const u of ['admin-b', 'staff-b', 'staff-b1', 'coord', 'super']) {
        assert.ok(!page.body.includes(`href="/staff/users/${ids[u]}"`), `${u} not listed`);
        assert.ok(!page.body.includes(`>${u}<`), `${u} not named`);
      }
      assert.ok(!page.body.includes('测试市乙局'), 'dept-b is not even offered as a filter');
      assert.ok(page.body.includes('测试市甲局一处'));

      const api = await admin().json('GET', '/api/v1/staff');
      assert.equal(api.statusCode, 200);
      const body = api.json<{ total: number; items: { username: string }[] }>();
      assert.deepEqual(body.items.map((i) => i.username).sort(), ['admin-a', 'editor-a', 'staff-a1']);
      assert.equal(body.total, 3);

      // Filtering on dept-b or searching for its staff finds nothing.
      const filtered = await admin().json('GET', `/api/v1/staff?orgId=${city.b.id}`);
      assert.equal(filtered.statusCode, 200);
      assert.equal(filtered.json<{ total: number }>().total, 0);
      const searched = await admin().json('GET', '/api/v1/staff?q=staff-b');
      assert.equal(searched.json<{ total: number }>().total, 0);
      const pageB = await admin().get(`/staff/users?orgId=${city.b.id}`);
      assert.equal(pageB.statusCode, 200);
      assert.ok(!pageB.body.includes(`href="/staff/users/${ids['staff-b']}"`));
      const pageA1 = await admin().get(`/staff/users?orgId=${city.a1.id}`);
      assert.ok(pageA1.body.includes(`href="/staff/users/${ids['staff-a1']}"`));
      assert.ok(!pageA1.body.includes(`href="/staff/users/${ids['editor-a']}"`));
    });

    it('gets 404 — never the data — for staff outside its subtree, on every page and API route, and changes nothing', async () => {
      const audits = await auditTotal();
      const missing = await admin().json('GET', '/api/v1/staff/987654321');
      assert.equal(missing.statusCode, 404);
      for (const name of ['staff-b', 'staff-b1', 'admin-b', 'coord', 'super']) {
        const id = ids[name]!;
        const before = await accountSnapshot(id);
        const grantId = before.grants[0]?.id ?? '1';
        const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
          ['GET page', () => admin().get(`/staff/users/${id}`)],
          ['GET api', () => admin().json('GET', `/api/v1/staff/${id}`)],
          ['grant', () => admin().post(`/staff/users/${id}/roles`, { orgId: city.a.id, role: 'editor' })],
          ['revoke', () => admin().post(`/staff/users/${id}/roles/${grantId}/revoke`, {})],
          ['unlock', () => admin().post(`/staff/users/${id}/unlock`, {})],
          ['disable', () => admin().post(`/staff/users/${id}/status`, { active: '0' })],
          ['reset', () => admin().post(`/staff/users/${id}/reset`, {})],
          ['grant api', () => admin().json('POST', `/api/v1/staff/${id}/roles`, { orgId: city.a.id, role: 'editor' })],
        ];
        for (const [what, send] of attempts) {
          const res = await send();
          assert.equal(res.statusCode, 404, `${what} ${name}`);
          assert.ok(!res.body.includes(name), `${what} ${name}: the user name is not revealed`);
          assert.ok(!res.body.includes(`${name}</`), `${what} ${name}`);
          if (what.endsWith('api')) {
            assert.match(String(res.headers['content-type']), /application\/problem\+json/);
            // Indistinguishable from an account that does not exist.
            assert.deepEqual(res.json(), missing.json(), `${what} ${name}`);
          }
        }
        assert.deepEqual(await accountSnapshot(id), before, `${name} unchanged`);
      }
      assert.equal(await auditTotal(), audits, 'no audit entries: nothing happened');
    });

    it("gets 404 for other agencies' settings (pages and API) and leaves them unchanged", async () => {
      const audits = await auditTotal();
      const before = { b: await orgRow(city.b.id), b1: await orgRow(city.b1.id), city: await orgRow(city.city.id) };
      const profile = { name: '被篡改的乙局', postcode: '100000', officeName: '篡改', email: 'x@evil.example' };
      for (const [key, id] of [['b', city.b.id], ['b1', city.b1.id], ['city', city.city.id]] as const) {
        const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
          ['GET page', () => admin().get(`/staff/agencies/${id}`)],
          ['POST page', () => admin().post(`/staff/agencies/${id}`, profile)],
          ['status', () => admin().post(`/staff/agencies/${id}/status`, { active: '0' })],
          ['new child page', () => admin().get(`/staff/agencies/new?parentId=${id}`)],
          ['new child', () => admin().post('/staff/agencies/new', { parentId: id, kind: 'department', slug: `evil-${key}`, name: '非法新增机构' })],
          ['PATCH api', () => admin().json('PATCH', `/api/v1/agencies/${id}/profile`, profile)],
        ];
        for (const [what, send] of attempts) {
          const res = await send();
          assert.equal(res.statusCode, 404, `${what} ${key}`);
          // (The city's name is the site's name, shown on every page.)
          if (key !== 'city') assert.ok(!res.body.includes(before[key].name), `${what} ${key}: the agency's name is not shown`);
          if (what.endsWith('api')) assert.equal(res.json<{ code: string }>().code, 'ORG_NOT_FOUND');
        }
      }
      assert.deepEqual(await orgRow(city.b.id), before.b);
      assert.deepEqual(await orgRow(city.b1.id), before.b1);
      assert.deepEqual(await orgRow(city.city.id), before.city);
      assert.equal(await t.c.db.selectFrom('organisations').select('id').where('slug', 'like', 'evil-%').executeTakeFirst(), undefined);
      assert.equal(await auditTotal(), audits);

      const tree = await admin().get('/staff/agencies');
      assert.equal(tree.statusCode, 200);
      assert.ok(tree.body.includes('测试市甲局一处'));
      assert.ok(!tree.body.includes('测试市乙局'));
      assert.ok(!tree.body.includes(`/staff/agencies/${city.city.id}"`));
    });

    it('cannot grant city-wide roles, nor roles outside its subtree (403, nothing saved)', async () => {
      const target = ids['staff-a1']!;
      const before = await accountSnapshot(target);
      const audits = await auditTotal();
      for (const role of ['coordinator', 'supervisor', 'operator']) {
        const page = await admin().post(`/staff/users/${target}/roles`, { orgId: city.a.id, role });
        assert.equal(page.statusCode, 403, role);
        assert.ok(page.body.includes('您不能在该机构授予此角色。'), role);
        const api = await admin().json('POST', `/api/v1/staff/${target}/roles`, { orgId: city.a1.id, role });
        assert.equal(api.statusCode, 403, role);
        assert.equal(api.json<{ code: string }>().code, 'ROLE_FORBIDDEN');
      }
      for (const orgId of [city.b.id, city.b1.id, city.city.id]) {
        const res = await admin().post(`/staff/users/${target}/roles`, { orgId, role: 'agency_admin' });
        assert.equal(res.statusCode, 403, `agency_admin on ${orgId}`);
        const api = await admin().json('POST', `/api/v1/staff/${target}/roles`, { orgId, role: 'editor' });
        assert.equal(api.statusCode, 403, `editor on ${orgId}`);
      }
      assert.deepEqual(await accountSnapshot(target), before);
      assert.equal(await auditTotal(), audits);
    });

    it('cannot create staff in dept-b (page and API); dept-b is not offered', async () => {
      const form = await admin().get('/staff/users/new');
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes(`value="${city.a1.id}"`));
      assert.ok(!form.body.includes(`value="${city.b.id}"`));
      assert.ok(!form.body.includes('测试市乙局'));
      for (const orgId of [city.b.id, city.b1.id, city.city.id]) {
        const page = await admin().post('/staff/users/new', { orgId, username: `intruder-${orgId}`, displayName: '外部人员' });
        assert.equal(page.statusCode, 403);
        assert.ok(page.body.includes('您不能在该机构创建账户。'));
        const api = await admin().json('POST', '/api/v1/staff', { orgId, username: `intruder2-${orgId}`, displayName: '外部人员' });
        assert.equal(api.statusCode, 403);
        assert.ok(!api.body.includes('initialPassword'));
      }
      const created = await t.c.db.selectFrom('users').select('id').where('username', 'like', 'intruder%').execute();
      assert.equal(created.length, 0);
    });

    it('manages dept-a1 (roles inherit down the subtree), and every change is audited', async () => {
      const me = 'admin-a';
      const target = ids['staff-a1']!;
      // The detail page offers the management forms.
      const detail = await admin().get(`/staff/users/${target}`);
      assert.equal(detail.statusCode, 200);
      assert.ok(detail.body.includes(`action="/staff/users/${target}/roles"`));

      // Create an account in dept-a1.
      const created = await admin().post('/staff/users/new', { orgId: city.a1.id, username: 'new-a1', displayName: '新同事' });
      assert.equal(created.statusCode, 200);
      const password = /<code class="secret">([^<]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(password && password.length >= 10);
      const newUser = await t.c.db.selectFrom('users').selectAll().where('username', '=', 'new-a1').executeTakeFirstOrThrow();
      assert.equal(newUser.homeOrgId, city.a1.id);
      assert.equal(await audited({ action: 'user.created', actor: me, subjectId: newUser.id, orgId: city.a1.id }), 1);
      const apiCreated = await admin().json('POST', '/api/v1/staff', { orgId: city.a1.id, username: 'new-a1-api', displayName: '接口新同事' });
      assert.equal(apiCreated.statusCode, 201);
      const apiUser = apiCreated.json<{ id: string; initialPassword: string }>();
      assert.ok(apiUser.initialPassword);
      assert.equal(await audited({ action: 'user.created', actor: me, subjectId: apiUser.id }), 1);

      // Grant and revoke a role on dept-a1.
      const granted = await admin().post(`/staff/users/${target}/roles`, { orgId: city.a1.id, role: 'reviewer' });
      assert.equal(granted.statusCode, 303);
      const grant = (await grantsOf(target)).find((g) => g.role === 'reviewer' && g.orgId === city.a1.id);
      assert.ok(grant);
      assert.equal(await audited({ action: 'role.granted', actor: me, subjectId: target, orgId: city.a1.id }), 1);
      const apiGrant = await admin().json('POST', `/api/v1/staff/${target}/roles`, { orgId: city.a.id, role: 'disclosure_officer' });
      assert.equal(apiGrant.statusCode, 204);
      assert.equal(await audited({ action: 'role.granted', actor: me, subjectId: target, orgId: city.a.id }), 1);
      const revoked = await admin().post(`/staff/users/${target}/roles/${grant.id}/revoke`, {});
      assert.equal(revoked.statusCode, 303);
      assert.equal((await grantsOf(target)).some((g) => g.id === grant.id), false);
      assert.equal(await audited({ action: 'role.revoked', actor: me, subjectId: target }), 1);

      // Unlock, disable, enable, reset.
      await t.tdb.superQuery(`UPDATE users SET failed_logins = 7, locked_until = now() + interval '1 hour' WHERE id = $1`, [target]);
      assert.equal((await admin().post(`/staff/users/${target}/unlock`, {})).statusCode, 303);
      assert.equal((await userRow(target)).lockedUntil, null);
      assert.equal(await audited({ action: 'user.unlocked', actor: me, subjectId: target }), 1);
      assert.equal((await admin().post(`/staff/users/${target}/status`, { active: '0' })).statusCode, 303);
      assert.equal((await userRow(target)).isActive, false);
      assert.equal(await audited({ action: 'user.disabled', actor: me, subjectId: target }), 1);
      assert.equal((await admin().post(`/staff/users/${target}/status`, { active: '1' })).statusCode, 303);
      assert.equal((await userRow(target)).isActive, true);
      assert.equal(await audited({ action: 'user.enabled', actor: me, subjectId: target }), 1);
      const hash = (await userRow(target)).passwordHash;
      const reset = await admin().post(`/staff/users/${target}/reset`, {});
      assert.equal(reset.statusCode, 200);
      assert.match(reset.body, /<code class="secret">[^<]{10,}<\/code>/);
      assert.notEqual((await userRow(target)).passwordHash, hash);
      assert.equal(await audited({ action: 'user.credentials-reset', actor: me, subjectId: target }), 1);

      // Edit dept-a1's profile through the page and the API, and its own agency's.
      const edit = await admin().get(`/staff/agencies/${city.a1.id}`);
      assert.equal(edit.statusCode, 200);
      assert.ok(edit.body.includes(`action="/staff/agencies/${city.a1.id}"`));
      const saved = await admin().post(`/staff/agencies/${city.a1.id}`, { name: '测试市甲局一处', officeName: '甲局一处办公室', postcode: '100001', email: 'a1@example.gov.cn' });
      assert.equal(saved.statusCode, 303);
      assert.equal(location(saved), `/staff/agencies/${city.a1.id}`);
      const a1 = await orgRow(city.a1.id);
      assert.equal(a1.officeName, '甲局一处办公室');
      assert.equal(a1.postcode, '100001');
      assert.equal(await audited({ action: 'org.profile-updated', actor: me, orgId: city.a1.id }), 1);

      const patched = await admin().json('PATCH', `/api/v1/agencies/${city.a1.id}/profile`, { phone: '010-12345678', parentId: city.b.id, isActive: false, slug: 'moved', kind: 'city', path: '/' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json<{ disclosureOffice: { phone: string } }>().disclosureOffice.phone, '010-12345678');
      const a1After = await orgRow(city.a1.id);
      assert.equal(a1After.phone, '010-12345678');
      assert.equal(a1After.officeName, '甲局一处办公室', 'PATCH keeps unspecified fields');
      // Only profile fields can be changed: not the place in the tree, the status, the slug or the kind.
      assert.equal(a1After.parentId, city.a.id);
      assert.equal(a1After.isActive, true);
      assert.equal(a1After.slug, 'dept-a1');
      assert.equal(a1After.kind, 'department');
      assert.equal(a1After.path, a1.path);
      assert.equal(await audited({ action: 'org.profile-updated', actor: me, orgId: city.a1.id }), 2);

      const own = await admin().json('PATCH', `/api/v1/agencies/${city.a.id}/profile`, { officeHours: '工作日 9:00–17:00' });
      assert.equal(own.statusCode, 200);
      assert.equal(await audited({ action: 'org.profile-updated', actor: me, orgId: city.a.id }), 1);

      // But not the status of agencies or the tree: that is the coordinator's.
      const status = await admin().post(`/staff/agencies/${city.a1.id}/status`, { active: '0' });
      assert.equal((await orgRow(city.a1.id)).isActive, true);
      assert.notEqual(status.statusCode, 200);
      const child = await admin().post('/staff/agencies/new', { parentId: city.a.id, kind: 'department', slug: 'a-child', name: '甲局新设处' });
      assert.equal(child.statusCode, 403);
      assert.equal(await t.c.db.selectFrom('organisations').select('id').where('slug', '=', 'a-child').executeTakeFirst(), undefined);
    });

  });

  describe('a coordinator at the city', () => {
    const coord = () => browsers.coord!;

    it("sees and manages dept-b's staff and settings, with audit entries", async () => {
      const me = 'coord';
      const target = ids['staff-b']!;
      const list = await coord().json('GET', '/api/v1/staff');
      assert.equal(list.statusCode, 200);
      const names = list.json<{ items: { username: string }[] }>().items.map((i) => i.username);
      for (const u of ['admin-a', 'staff-a1', 'staff-b', 'staff-b1', 'admin-b', 'super']) assert.ok(names.includes(u), u);
      const page = await coord().get(`/staff/users/${target}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('staff-b'));
      assert.equal((await coord().json('GET', `/api/v1/staff/${target}`)).statusCode, 200);

      assert.equal((await coord().post(`/staff/users/${target}/roles`, { orgId: city.b1.id, role: 'reviewer' })).statusCode, 303);
      assert.equal(await audited({ action: 'role.granted', actor: me, subjectId: target, orgId: city.b1.id }), 1);
      for (const role of ['supervisor', 'coordinator', 'operator'] as const) {
        assert.equal((await coord().post(`/staff/users/${target}/roles`, { orgId: city.b.id, role })).statusCode, 303, role);
      }
      assert.equal(await audited({ action: 'role.granted', actor: me, subjectId: target, orgId: city.b.id }), 3);
      const grant = (await grantsOf(target)).find((g) => g.role === 'operator')!;
      assert.equal((await coord().post(`/staff/users/${target}/roles/${grant.id}/revoke`, {})).statusCode, 303);
      assert.equal(await audited({ action: 'role.revoked', actor: me, subjectId: target }), 1);

      assert.equal((await coord().post(`/staff/users/${target}/unlock`, {})).statusCode, 303);
      assert.equal((await userRow(target)).lockedUntil, null);
      assert.equal(await audited({ action: 'user.unlocked', actor: me, subjectId: target }), 1);
      assert.equal((await coord().post(`/staff/users/${target}/status`, { active: '0' })).statusCode, 303);
      assert.equal((await userRow(target)).isActive, false);
      assert.equal(await audited({ action: 'user.disabled', actor: me, subjectId: target }), 1);
      assert.equal((await coord().post(`/staff/users/${target}/status`, { active: '1' })).statusCode, 303);
      assert.equal(await audited({ action: 'user.enabled', actor: me, subjectId: target }), 1);
      assert.equal((await coord().post(`/staff/users/${target}/reset`, {})).statusCode, 200);
      assert.equal(await audited({ action: 'user.credentials-reset', actor: me, subjectId: target }), 1);

      const created = await coord().post('/staff/users/new', { orgId: city.b1.id, username: 'new-b1', displayName: '乙局新同事' });
      assert.equal(created.statusCode, 200);
      const nu = await t.c.db.selectFrom('users').select(['id', 'homeOrgId']).where('username', '=', 'new-b1').executeTakeFirstOrThrow();
      assert.equal(nu.homeOrgId, city.b1.id);
      assert.equal(await audited({ action: 'user.created', actor: me, subjectId: nu.id }), 1);

      assert.equal((await coord().get(`/staff/agencies/${city.b.id}`)).statusCode, 200);
      const saved = await coord().post(`/staff/agencies/${city.b.id}`, { name: '测试市乙局', officeName: '乙局办公室', postcode: '100002' });
      assert.equal(saved.statusCode, 303);
      assert.equal((await orgRow(city.b.id)).officeName, '乙局办公室');
      assert.equal(await audited({ action: 'org.profile-updated', actor: me, orgId: city.b.id }), 1);
      const patched = await coord().json('PATCH', `/api/v1/agencies/${city.b1.id}/profile`, { fax: '010-87654321' });
      assert.equal(patched.statusCode, 200);
      assert.equal((await orgRow(city.b1.id)).fax, '010-87654321');
      assert.equal(await audited({ action: 'org.profile-updated', actor: me, orgId: city.b1.id }), 1);

      // The coordinator shapes the tree as well.
      const child = await coord().post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'dept-b2', name: '测试市乙局二处' });
      assert.equal(child.statusCode, 303);
      const b2 = await t.c.db.selectFrom('organisations').selectAll().where('slug', '=', 'dept-b2').executeTakeFirstOrThrow();
      assert.equal(b2.parentId, city.b.id);
      assert.equal(await audited({ action: 'org.created', actor: me, orgId: b2.id }), 1);
      assert.equal((await coord().post(`/staff/agencies/${b2.id}/status`, { active: '0' })).statusCode, 303);
      assert.equal((await orgRow(b2.id)).isActive, false);
      assert.equal(await audited({ action: 'org.deactivated', actor: me, orgId: b2.id }), 1);

      const audit = await coord().get('/staff/audit');
      assert.equal(audit.statusCode, 200);
      assert.ok(audit.body.includes('测试市乙局'));
    });
  });

  describe('a supervisor at the city', () => {
    const sup = () => browsers.super!;

    it('can view staff and agencies everywhere but change nothing', async () => {
      const target = ids['staff-b1']!;
      const before = await accountSnapshot(target);
      const orgBefore = await orgRow(city.b1.id);
      const audits = await auditTotal();

      const list = await sup().get('/staff/users');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(`href="/staff/users/${target}"`));
      assert.ok(list.body.includes(`href="/staff/users/${ids['staff-a1']}"`));
      const detail = await sup().get(`/staff/users/${target}`);
      assert.equal(detail.statusCode, 200);
      assert.ok(detail.body.includes('staff-b1'));
      assert.ok(!detail.body.includes(`action="/staff/users/${target}/`), 'no management forms');
      assert.equal((await sup().json('GET', `/api/v1/staff/${target}`)).statusCode, 200);
      const org = await sup().get(`/staff/agencies/${city.b1.id}`);
      assert.equal(org.statusCode, 200);
      assert.ok(!org.body.includes(`action="/staff/agencies/${city.b1.id}"`), 'no edit form');
      assert.ok(org.body.includes('测试市乙局一处'));

      const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
        ['grant', () => sup().post(`/staff/users/${target}/roles`, { orgId: city.b1.id, role: 'editor' })],
        ['revoke', () => sup().post(`/staff/users/${target}/roles/${before.grants[0]!.id}/revoke`, {})],
        ['unlock', () => sup().post(`/staff/users/${target}/unlock`, {})],
        ['disable', () => sup().post(`/staff/users/${target}/status`, { active: '0' })],
        ['reset', () => sup().post(`/staff/users/${target}/reset`, {})],
        ['grant api', () => sup().json('POST', `/api/v1/staff/${target}/roles`, { orgId: city.b1.id, role: 'editor' })],
        ['create', () => sup().post('/staff/users/new', { orgId: city.b1.id, username: 'by-supervisor', displayName: '监督员所建' })],
        ['create api', () => sup().json('POST', '/api/v1/staff', { orgId: city.b1.id, username: 'by-supervisor2', displayName: '监督员所建' })],
        ['edit agency', () => sup().post(`/staff/agencies/${city.b1.id}`, { name: '监督员改名', postcode: '100009' })],
        ['edit agency api', () => sup().json('PATCH', `/api/v1/agencies/${city.b1.id}/profile`, { postcode: '100009' })],
        ['agency status', () => sup().post(`/staff/agencies/${city.b1.id}/status`, { active: '0' })],
        ['new agency', () => sup().post('/staff/agencies/new', { parentId: city.b1.id, kind: 'department', slug: 'by-sup', name: '监督员新增' })],
      ];
      for (const [what, send] of attempts) {
        const res = await send();
        if (what === 'agency status') {
          // The status form redirects with a notice; what matters is that nothing changed.
          assert.ok(res.statusCode === 403 || res.statusCode === 303, what);
        } else {
          assert.equal(res.statusCode, 403, what);
        }
        assert.ok(!res.body.includes(`action="/staff/agencies/${city.b1.id}"`), `${what}: no edit form offered`);
        assert.ok(!res.body.includes(`action="/staff/users/${target}/roles"`), `${what}: no grant form offered`);
      }
      assert.deepEqual(await accountSnapshot(target), before);
      assert.deepEqual(await orgRow(city.b1.id), orgBefore);
      assert.equal(await t.c.db.selectFrom('users').select('id').where('username', 'like', 'by-supervisor%').executeTakeFirst(), undefined);
      assert.equal(await t.c.db.selectFrom('organisations').select('id').where('slug', '=', 'by-sup').executeTakeFirst(), undefined);
      assert.equal(await auditTotal(), audits);
    });
  });

  describe('an editor', () => {
    it('cannot list or see staff (403 / 404) nor browse the audit trail', async () => {
      const ed = browsers['editor-a']!;
      const page = await ed.get('/staff/users');
      assert.equal(page.statusCode, 403);
      assert.ok(page.body.includes('您没有查看人员的权限。'));
      assert.ok(!page.body.includes('staff-a1'));
      const api = await ed.json('GET', '/api/v1/staff');
      assert.equal(api.statusCode, 403);
      assert.equal(api.json<{ code: string }>().code, 'USER_FORBIDDEN');
      assert.equal((await ed.get(`/staff/users/${ids['staff-a1']}`)).statusCode, 404);
      assert.equal((await ed.json('GET', `/api/v1/staff/${ids['admin-a']}`)).statusCode, 404);
      const audit = await ed.get('/staff/audit');
      assert.equal(audit.statusCode, 403);
      // The editor may read its own agency's profile but not edit it.
      const org = await ed.get(`/staff/agencies/${city.a.id}`);
      assert.equal(org.statusCode, 200);
      assert.ok(!org.body.includes(`action="/staff/agencies/${city.a.id}"`));
      const before = await orgRow(city.a.id);
      assert.equal((await ed.json('PATCH', `/api/v1/agencies/${city.a.id}/profile`, { postcode: '100123' })).statusCode, 403);
      assert.deepEqual(await orgRow(city.a.id), before);
      assert.equal((await ed.get(`/staff/agencies/${city.b.id}`)).statusCode, 404);
    });
  });
  describe('afterwards, the audit browser of the dept-a admin', () => {
    it('shows no dept-b entries, neither from the seed nor from the coordinator', async () => {
      // There are dept-b entries to hide: the seed and the coordinator's work.
      assert.ok((await audited({ action: 'user.created', orgId: city.b.id })) >= 2);
      const admin = () => browsers['admin-a']!;
      assert.ok((await audited({ action: 'org.profile-updated', orgId: city.b.id })) >= 1);
      const page = await admin().get('/staff/audit');
      assert.equal(page.statusCode, 200);
      for (const secret of ['测试市乙局', 'staff-b', 'admin-b', '>coord<', '>super<']) assert.ok(!page.body.includes(secret), `${secret} not shown`);
      assert.ok(page.body.includes('测试市甲局'));
      // The total shown is exactly the number of entries on dept-a's subtree.
      const expected = await t.c.db
        .selectFrom('auditEntries as e')
        .innerJoin('organisations as o', 'o.id', 'e.orgId')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('o.path', 'like', `${city.a.path}%`)
        .executeTakeFirstOrThrow();
      assert.match(page.body, new RegExp(`共 ${expected.n} 条`));
      const all = await auditTotal();
      assert.ok(Number(expected.n) < all);

      const filtered = await admin().get(`/staff/audit?orgId=${city.b.id}`);
      assert.equal(filtered.statusCode, 200);
      assert.ok(filtered.body.includes('没有符合条件的留痕记录。'));
      // The coordinator worked only on dept-b: none of it shows, even when asked for by name.
      assert.ok((await audited({ action: 'role.granted', actor: 'coord' })) >= 1);
      const byActor = await admin().get('/staff/audit?actor=coord');
      assert.equal(byActor.statusCode, 200);
      assert.ok(byActor.body.includes('没有符合条件的留痕记录。'));
    });
  });
});
