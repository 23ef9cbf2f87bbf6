import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, Client, fixedClock, makeStaff, PASSWORD, seedSmallCity, type TestApp, fieldError } from '#test/app.js';
import { systemActor } from '#platform/actor.js';
import { totpAt, totpStep } from '#platform/security/totp.js';
import { LOGIN_FAILED_MESSAGE } from './session.service.js';

const CSRF_MESSAGE = '页面已过期或来源无法验证，请刷新页面后重新提交。';
const MAX_FAILURES = 3;
/** The TOTP secret that makeStaff gives accounts created with `totp: true`. */
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function location(res: LightMyRequestResponse): string {
  const l = res.headers.location;
  return typeof l === 'string' ? l : '';
}

/** The error message shown next to a form field, if any. */
describe('staff sign-in, two-factor, sessions, CSRF, password change', () => {
  const clock = fixedClock(new Date('2026-03-02T02:00:00.000Z'));
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;

  /** The TOTP code of the pinned clock's current step. */
  const codeNow = (secret: string) => totpAt(secret, totpStep(clock.now()));

  /** Signs in at the pinned time (with the TOTP step when a secret is given); returns the last response. */
  async function signIn(b: Client, username: string, password = PASSWORD, secret?: string): Promise<LightMyRequestResponse> {
    await b.get('/staff/login');
    const res = await b.post('/staff/login', { username, password });
    if (!secret || !location(res).startsWith('/staff/2fa?')) return res;
    return b.post(location(res), { code: codeNow(secret) });
  }

  const userRow = (username: string) => t.c.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const auditCount = async (action: string, subjectId: string) => {
    const r = await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).where('subjectId', '=', subjectId).executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const sessionCount = async (userId: string) => {
    const r = await t.c.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow();
    return Number(r.n);
  };

  before(async () => {
    t = await buildTestApp({ config: { loginMaxFailures: MAX_FAILURES }, clock });
    city = await seedSmallCity(t.c);
    const editor = (name: string) => makeStaff(t.c, name, city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    for (const n of ['msg-user', 'lock-user', 'relock-user', 'count-user', 'idle-user', 'max-user', 'logout-user', 'csrf-user', 'pw-user', 'pw2-user', 'off-user']) await editor(n);
    await makeStaff(t.c, 'admin-new', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }]);
    const { totpSecret } = await makeStaff(t.c, 'admin-totp', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    assert.equal(totpSecret, SECRET);
    await makeStaff(t.c, 'admin-brute', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    const off = await userRow('off-user');
    await t.c.users.setActive(systemActor('test'), off.id, false);
    await t.c.users.registerPublic({ kind: 'anonymous' }, { username: 'public-user', displayName: '公众', email: 'p@example.cn', password: PASSWORD, confirm: PASSWORD });
  });
  after(async () => t.close());

  describe('wrong password', () => {
    it('gives the same status, message and page for a wrong password, an unknown, a disabled and a public account', async () => {
      const b = new Client(t.app);
      await b.get('/staff/login');
      const wrong = 'Wrong#Passw0rd-99';
      const normalise = (res: LightMyRequestResponse, username: string) => res.body.replaceAll(`value="${username}"`, 'value="?"');
      const known = await b.post('/staff/login', { username: 'msg-user', password: wrong });
      assert.equal(known.statusCode, 400);
      assert.ok(known.body.includes(LOGIN_FAILED_MESSAGE));
      assert.equal(known.cookies.find((c) => c.name === 'gk_session'), undefined);
      for (const [username, password] of [
        ['no-such-user', wrong],
        ['off-user', PASSWORD],
        ['public-user', PASSWORD],
      ] as const) {
        const res = await b.post('/staff/login', { username, password });
        assert.equal(res.statusCode, known.statusCode, username);
        assert.equal(normalise(res, username), normalise(known, 'msg-user'), `page for ${username} differs from a wrong password's`);
        assert.equal(res.cookies.find((c) => c.name === 'gk_session'), undefined);
      }
      // Nothing in the message or page says whether the account exists.
      assert.doesNotMatch(known.body, /不存在|not exist|unknown/i);
    });

    it('counts failures in a row; a success resets the count', async () => {
      const b = new Client(t.app);
      const u = await userRow('count-user');
      await signIn(b, 'count-user', 'Wrong#1-password');
      await signIn(b, 'count-user', 'Wrong#2-password');
      assert.equal((await userRow('count-user')).failedLogins, 2);
      assert.equal(await auditCount('auth.login-failed', u.id), 2);
      const ok = await signIn(b, 'count-user');
      assert.equal(ok.statusCode, 303);
      assert.equal(location(ok), '/staff');
      assert.equal((await userRow('count-user')).failedLogins, 0);
      await signIn(new Client(t.app), 'count-user', 'Wrong#3-password');
      const after = await userRow('count-user');
      assert.equal(after.failedLogins, 1);
      assert.equal(after.lockedUntil, null);
    });

    it(`locks the account after ${MAX_FAILURES} failures; the right password is refused alike; the lock is audited and expires`, async () => {
      const b = new Client(t.app);
      const u = await userRow('lock-user');
      let first: LightMyRequestResponse | undefined;
      for (let i = 1; i <= MAX_FAILURES; i++) {
        const res = await signIn(b, 'lock-user', `Wrong#${i}-password`);
        first ??= res;
        assert.equal(res.statusCode, 400);
        assert.ok(res.body.includes(LOGIN_FAILED_MESSAGE));
        const row = await userRow('lock-user');
        assert.equal(row.failedLogins, i);
        assert.equal(row.lockedUntil !== null, i === MAX_FAILURES, `locked after ${i} failures?`);
      }
      const row = await userRow('lock-user');
      assert.ok(row.lockedUntil && row.lockedUntil.getTime() === clock.now().getTime() + t.config.loginLockMinutes * 60_000);
      assert.equal(await auditCount('auth.locked', u.id), 1);

      // The right password while locked: the same message, status and page; no session.
      const right = await signIn(b, 'lock-user');
      assert.equal(right.statusCode, 400);
      assert.equal(right.body, first?.body);
      assert.equal(right.cookies.find((c) => c.name === 'gk_session'), undefined);
      assert.equal(await sessionCount(u.id), 0);
      assert.equal(await auditCount('auth.locked', u.id), 1, 'the lock is recorded once');
      assert.equal((await b.get('/staff')).statusCode, 303);

      // The lock ends after LOGIN_LOCK_MINUTES.
      clock.advance((t.config.loginLockMinutes - 1) * 60_000);
      assert.equal((await signIn(b, 'lock-user')).statusCode, 400, 'still locked a minute before the end');
      clock.advance(2 * 60_000 + 1);
      const later = await signIn(b, 'lock-user');
      assert.equal(later.statusCode, 303);
      assert.equal(location(later), '/staff');
      assert.equal((await b.get('/staff')).statusCode, 200);
      const unlocked = await userRow('lock-user');
      assert.equal(unlocked.failedLogins, 0);
      assert.equal(unlocked.lockedUntil, null);
      assert.equal(await auditCount('auth.login', u.id), 1);
    });
  });

  describe('after a lock runs out', () => {
    it('starts counting afresh: one more wrong password does not lock again at once', async () => {
      const b = new Client(t.app);
      for (let i = 1; i <= MAX_FAILURES; i++) await signIn(b, 'relock-user', `Wrong#${i}-password`);
      assert.ok((await userRow('relock-user')).lockedUntil);
      clock.advance(t.config.loginLockMinutes * 60_000 + 1000);
      assert.equal((await signIn(b, 'relock-user', 'Wrong#again-password')).statusCode, 400);
      const row = await userRow('relock-user');
      assert.equal(row.failedLogins, 1);
      assert.equal(row.lockedUntil, null);
      assert.equal(location(await signIn(new Client(t.app), 'relock-user')), '/staff');
    });
  });

  describe('two-factor', () => {
    it('sends an agency admin without TOTP to set-up, keeps them out of the workspace until enrolled', async () => {
      const b = new Client(t.app);
      const u = await userRow('admin-new');
      const res = await signIn(b, 'admin-new');
      assert.equal(res.statusCode, 303);
      assert.equal(location(res), '/staff/2fa/setup');
      assert.ok(b.cookies.get('gk_session'));

      // Password alone opens nothing.
      for (const url of ['/staff', '/staff/users', '/staff/agencies', `/staff/agencies/${city.a.id}`, '/staff/audit', '/staff/account']) {
        const r = await b.get(url);
        assert.equal(r.statusCode, 303, url);
        assert.match(location(r), /^\/staff\/login/, url);
      }
      const api = await b.get('/api/v1/staff');
      assert.equal(api.statusCode, 401);
      assert.equal(api.json<{ code: string }>().code, 'UNAUTHENTICATED');
      const post = await b.post(`/staff/agencies/${city.a.id}`, { name: '被篡改的名称' });
      assert.equal(post.statusCode, 303);
      assert.equal((await t.c.orgs.lookup(city.a.id))?.name, '测试市甲局');

      const setup = await b.get('/staff/2fa/setup');
      assert.equal(setup.statusCode, 200);
      const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)?.[1]?.replace(/ /g, '');
      assert.ok(secret && secret.length >= 32, 'the secret is shown for manual entry');
      assert.match(setup.body, /<img src="data:image\/svg\+xml;base64,/);
      assert.equal((await userRow('admin-new')).totpSecret, secret);
      // Reloading the page keeps the same pending secret.
      assert.ok((await b.get('/staff/2fa/setup')).body.includes(secret.slice(0, 4)));
      assert.equal((await userRow('admin-new')).totpSecret, secret);

      // A wrong code is refused next to the field.
      const valid = new Set([-1, 0, 1].map((d) => totpAt(secret, totpStep(clock.now()) + d)));
      const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
      const bad = await b.post('/staff/2fa/setup', { code: wrong });
      assert.equal(bad.statusCode, 400);
      assert.ok(fieldError(bad.body, 'code'));
      assert.equal((await userRow('admin-new')).totpEnabledAt, null);
      assert.equal((await b.get('/staff')).statusCode, 303);

      const good = await b.post('/staff/2fa/setup', { code: codeNow(secret) });
      assert.equal(good.statusCode, 303);
      assert.equal(location(good), '/staff');
      const home = await b.get('/staff');
      assert.equal(home.statusCode, 200);
      assert.ok(home.body.includes('两步验证已启用。'));
      assert.ok(home.body.includes('admin-new'));
      assert.ok((await userRow('admin-new')).totpEnabledAt);
      assert.equal(await auditCount('auth.mfa-enrolled', u.id), 1);

      // From now on the second step is asked at sign-in.
      await b.post('/staff/logout', {});
      clock.advance(30_000);
      const c2 = new Client(t.app);
      await c2.get('/staff/login');
      const again2 = await c2.post('/staff/login', { username: 'admin-new', password: PASSWORD });
      assert.equal(location(again2), '/staff/2fa?next=%2Fstaff');
      const done = await c2.post(location(again2), { code: codeNow(secret) });
      assert.equal(done.statusCode, 303);
      assert.equal((await c2.get('/staff')).statusCode, 200);
    });

    it('asks an enrolled user for the code; a wrong one and a replayed one are refused', async () => {
      const totpSecret = SECRET;
      const u = await userRow('admin-totp');
      const b = new Client(t.app);
      const res = await signIn(b, 'admin-totp');
      assert.equal(res.statusCode, 303);
      assert.equal(location(res), '/staff/2fa?next=%2Fstaff');
      assert.equal((await b.get('/staff')).statusCode, 303);
      assert.equal((await b.get('/api/v1/staff')).statusCode, 401);

      // Someone holding only the password cannot enrol a new authenticator.
      const setup = await b.get('/staff/2fa/setup');
      assert.equal(setup.statusCode, 303);
      assert.doesNotMatch(setup.body, /class="secret"/);
      await b.get('/staff/2fa');
      await b.post('/staff/2fa/setup', { code: '123456' });
      assert.equal((await userRow('admin-totp')).totpSecret, totpSecret);
      assert.equal((await b.get('/staff')).statusCode, 303);

      const page = await b.get('/staff/2fa');
      assert.equal(page.statusCode, 200);
      const valid = new Set([-1, 0, 1].map((d) => totpAt(totpSecret, totpStep(clock.now()) + d)));
      const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
      const bad = await b.post('/staff/2fa?next=%2Fstaff', { code: wrong });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldError(bad.body, 'code'), '动态验证码不正确或已过期。');
      assert.equal((await b.get('/staff')).statusCode, 303);

      const code = codeNow(totpSecret);
      const ok = await b.post('/staff/2fa?next=%2Fstaff', { code });
      assert.equal(ok.statusCode, 303);
      assert.equal(location(ok), '/staff');
      assert.equal((await b.get('/staff')).statusCode, 200);
      assert.equal(await auditCount('auth.login', u.id), 1);

      // The same code again, in another sign-in within its validity window: refused.
      const other = new Client(t.app);
      await other.get('/staff/login');
      const pw = await other.post('/staff/login', { username: 'admin-totp', password: PASSWORD });
      assert.equal(location(pw), '/staff/2fa?next=%2Fstaff');
      const replay = await other.post(location(pw), { code });
      assert.equal(replay.statusCode, 400);
      assert.equal(fieldError(replay.body, 'code'), '动态验证码不正确或已过期。');
      assert.equal((await other.get('/staff')).statusCode, 303);
      // The next step's code works.
      clock.advance(30_000);
      const next = await other.post(location(pw), { code: codeNow(totpSecret) });
      assert.equal(next.statusCode, 303);
      assert.equal((await other.get('/staff')).statusCode, 200);
    });

    it('locks the account after repeated wrong codes, ends the pending sign-in and audits the lock', async () => {
      const u = await userRow('admin-brute');
      const b = new Client(t.app);
      const res = await signIn(b, 'admin-brute');
      assert.equal(location(res), '/staff/2fa?next=%2Fstaff');
      const valid = new Set([-1, 0, 1].map((d) => totpAt(SECRET, totpStep(clock.now()) + d)));
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => !valid.has(c));
      for (let i = 0; i < MAX_FAILURES; i++) await b.post('/staff/2fa?next=%2Fstaff', { code: wrong[i]! });
      const row = await userRow('admin-brute');
      assert.ok(row.lockedUntil && row.lockedUntil > clock.now());
      assert.equal(await sessionCount(u.id), 0);
      const after = await b.post('/staff/2fa?next=%2Fstaff', { code: codeNow(SECRET) });
      assert.equal(after.statusCode, 303);
      assert.match(location(after), /^\/staff\/login/);
      assert.equal((await b.get('/staff')).statusCode, 303);
      // The right password is now refused with the generic message.
      const pw = await signIn(new Client(t.app), 'admin-brute');
      assert.equal(pw.statusCode, 400);
      assert.ok(pw.body.includes(LOGIN_FAILED_MESSAGE));
      assert.equal(await auditCount('auth.mfa-failed', u.id) + (await auditCount('auth.locked', u.id)), MAX_FAILURES);
      assert.equal(await auditCount('auth.locked', u.id), 1);
    });
  });

  describe('sessions', () => {
    it(`ends a session idle for longer than SESSION_IDLE_MINUTES; activity keeps it alive`, async () => {
      const idle = t.config.sessionIdleMinutes;
      const u = await userRow('idle-user');
      const b = new Client(t.app);
      assert.equal(location(await signIn(b, 'idle-user')), '/staff');
      assert.equal((await b.get('/staff')).statusCode, 200);
      clock.advance((idle - 1) * 60_000);
      assert.equal((await b.get('/staff')).statusCode, 200, 'still signed in just before the idle limit');
      clock.advance((idle - 1) * 60_000);
      assert.equal((await b.get('/staff')).statusCode, 200, 'activity renewed the idle timer');
      clock.advance((idle + 1) * 60_000);
      const res = await b.get('/staff');
      assert.equal(res.statusCode, 303);
      assert.equal(location(res), '/staff/login?next=%2Fstaff');
      assert.equal(await sessionCount(u.id), 0, 'the idle session is deleted');
      assert.equal((await b.get('/api/v1/staff')).statusCode, 401);
      // Signing in again works.
      assert.equal(location(await signIn(b, 'idle-user')), '/staff');
      assert.equal((await b.get('/staff')).statusCode, 200);
    });

    it('ends a session after SESSION_MAX_HOURS however active', async () => {
      const b = new Client(t.app);
      assert.equal(location(await signIn(b, 'max-user')), '/staff');
      const step = Math.max(2, Math.floor(t.config.sessionIdleMinutes / 2)) * 60_000;
      const end = clock.now().getTime() + t.config.sessionMaxHours * 3_600_000;
      while (clock.now().getTime() + step < end) {
        clock.advance(step);
        assert.equal((await b.get('/staff')).statusCode, 200);
      }
      clock.set(new Date(end + 1000));
      assert.equal((await b.get('/staff')).statusCode, 303);
    });

    it('logout ends the session: the old cookie no longer works', async () => {
      const u = await userRow('logout-user');
      const b = new Client(t.app);
      await signIn(b, 'logout-user');
      const token = b.cookies.get('gk_session');
      assert.ok(token);
      const home = await b.get('/staff');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /action="\/staff\/logout"/);
      const out = await b.post('/staff/logout', {});
      assert.equal(out.statusCode, 303);
      assert.equal(location(out), '/staff/login');
      assert.equal(b.cookies.get('gk_session'), undefined, 'the cookie is cleared');
      assert.equal(await sessionCount(u.id), 0);
      assert.equal(await auditCount('auth.logout', u.id), 1);
      assert.equal((await b.get('/staff')).statusCode, 303);
      // Replaying the old token (a copied cookie) does not bring the session back.
      const replay = await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: `gk_session=${token}` } });
      assert.equal(replay.statusCode, 303);
      assert.match(location(replay), /^\/staff\/login/);
    });
  });

  describe('CSRF', () => {
    it('refuses a POST without the token, with a wrong one, or from a fresh browser, with 403 in Chinese, and changes nothing', async () => {
      const u = await userRow('csrf-user');
      const b = new Client(t.app);
      await signIn(b, 'csrf-user');
      await b.get('/staff/account');
      const change = { current: PASSWORD, next: 'Brand#New-Passw0rd', confirm: 'Brand#New-Passw0rd' };
      const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
        ['no token', () => b.post('/staff/account/password', change, { csrf: false })],
        ['wrong token', () => b.post('/staff/account/password', change, { csrf: 'not-the-token' })],
        ['wrong token of the right length', () => b.post('/staff/account/password', change, { csrf: 'A'.repeat(b.csrf.length) })],
        [
          'a browser without the CSRF cookie (token of another browser)',
          () =>
            t.app.inject({
              method: 'POST',
              url: '/staff/account/password',
              payload: new URLSearchParams({ _csrf: b.csrf, ...change }).toString(),
              headers: { cookie: `gk_session=${b.cookies.get('gk_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
            }),
        ],
        [
          'a bearer header next to the session cookie',
          () =>
            t.app.inject({
              method: 'POST',
              url: '/staff/account/password',
              payload: new URLSearchParams(change).toString(),
              headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), authorization: 'Bearer anything', 'content-type': 'application/x-www-form-urlencoded' },
            }),
        ],
      ];
      for (const [what, send] of attempts) {
        const res = await send();
        assert.equal(res.statusCode, 403, what);
        assert.ok(res.body.includes(CSRF_MESSAGE), what);
        assert.match(res.body, /<html lang="zh-CN"/, what);
      }
      const row = await userRow('csrf-user');
      assert.equal(row.passwordHash, u.passwordHash, 'the password is unchanged');
      assert.equal(await auditCount('user.password-changed', u.id), 0);

      // Logout without the token does not end the session.
      const out = await b.post('/staff/logout', {}, { csrf: false });
      assert.equal(out.statusCode, 403);
      assert.equal((await b.get('/staff')).statusCode, 200);
      assert.equal(await auditCount('auth.logout', u.id), 0);
    });

    it('refuses sign-in from a fresh browser without counting a failure', async () => {
      const u = await userRow('csrf-user');
      const other = new Client(t.app);
      await other.get('/staff/login');
      const fresh = await t.app.inject({
        method: 'POST',
        url: '/staff/login',
        payload: new URLSearchParams({ _csrf: other.csrf, username: 'csrf-user', password: 'Wrong#Passw0rd-1' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(fresh.statusCode, 403);
      assert.ok(fresh.body.includes(CSRF_MESSAGE));
      assert.equal(fresh.cookies.find((c) => c.name === 'gk_session'), undefined);
      const good = await t.app.inject({
        method: 'POST',
        url: '/staff/login',
        payload: new URLSearchParams({ username: 'csrf-user', password: PASSWORD }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(good.statusCode, 403, 'not even with the right password');
      assert.equal(good.cookies.find((c) => c.name === 'gk_session'), undefined);
      assert.equal((await userRow('csrf-user')).failedLogins, u.failedLogins);
    });

    it('refuses API writes without the X-CSRF-Token header with problem JSON', async () => {
      const b = new Client(t.app);
      await signIn(b, 'csrf-user');
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${city.a.id}/profile`,
        payload: JSON.stringify({ postcode: '100000' }),
        headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const p = res.json<{ code: string; detail: string }>();
      assert.equal(p.code, 'CSRF_FAILED');
      assert.equal(p.detail, CSRF_MESSAGE);
      assert.equal((await t.c.orgs.lookup(city.a.id))?.postcode, null);
    });
  });

  describe('password change', () => {
    it('ends every other session of the user, keeping the one that made the change', async () => {
      const here = new Client(t.app);
      const elsewhere = new Client(t.app);
      await signIn(here, 'pw2-user');
      await signIn(elsewhere, 'pw2-user');
      assert.equal((await elsewhere.get('/staff')).statusCode, 200);
      await here.get('/staff/account');
      const next = 'Other#Passw0rd-2027';
      assert.equal((await here.post('/staff/account/password', { current: PASSWORD, next, confirm: next })).statusCode, 303);
      assert.equal((await here.get('/staff')).statusCode, 200, 'the session that changed the password stays');
      assert.equal((await elsewhere.get('/staff')).statusCode, 303, 'the other session has ended');
    });

    it('enforces the policy with Chinese messages next to the fields and changes nothing on failure', async () => {
      const u = await userRow('pw-user');
      const b = new Client(t.app);
      await signIn(b, 'pw-user');
      assert.equal((await b.get('/staff/account')).statusCode, 200);
      const cases: [Record<string, string>, string, string][] = [
        [{ current: 'Wrong#Passw0rd-1', next: 'Good#Passw0rd-2027', confirm: 'Good#Passw0rd-2027' }, 'current', '当前密码不正确。'],
        [{ current: PASSWORD, next: 'Ab#1short', confirm: 'Ab#1short' }, 'next', '密码至少需要 10 个字符。'],
        [{ current: PASSWORD, next: 'onlylowercaseletters', confirm: 'onlylowercaseletters' }, 'next', '密码需包含大写字母、小写字母、数字、符号中的至少三类。'],
        [{ current: PASSWORD, next: 'Password123', confirm: 'Password123' }, 'next', '该密码过于常见，请换一个。'],
        [{ current: PASSWORD, next: 'My#PW-USER-2027', confirm: 'My#PW-USER-2027' }, 'next', '密码不能包含用户名。'],
        [{ current: PASSWORD, next: 'x'.repeat(129) + 'A1#', confirm: 'x'.repeat(129) + 'A1#' }, 'next', '密码不能超过 128 个字符。'],
        [{ current: PASSWORD, next: 'Good#Passw0rd-2027', confirm: 'Good#Passw0rd-2028' }, 'confirm', '两次填写的新密码不一致。'],
        [{ current: PASSWORD, next: '', confirm: '' }, 'next', '请填写新密码。'],
      ];
      for (const [form, field, message] of cases) {
        const res = await b.post('/staff/account/password', form);
        assert.equal(res.statusCode, 400, `${field}: ${message}`);
        assert.equal(fieldError(res.body, field), message);
        assert.match(res.body, /aria-invalid="true"/);
        // Passwords are never echoed back into the page.
        if (form.next) assert.ok(!res.body.includes(form.next), 'the new password is not echoed');
      }
      assert.equal((await userRow('pw-user')).passwordHash, u.passwordHash);
      assert.equal(await auditCount('user.password-changed', u.id), 0);

      const next = 'Good#Passw0rd-2027';
      const ok = await b.post('/staff/account/password', { current: PASSWORD, next, confirm: next });
      assert.equal(ok.statusCode, 303);
      assert.equal(location(ok), '/staff/account');
      assert.ok((await b.get('/staff/account')).body.includes('密码已修改。'));
      assert.equal(await auditCount('user.password-changed', u.id), 1);
      const audit = await t.c.db.selectFrom('auditEntries').select('summary').where('action', '=', 'user.password-changed').where('subjectId', '=', u.id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(audit.summary).includes(next), 'the audit trail holds no password');

      assert.equal((await signIn(new Client(t.app), 'pw-user')).statusCode, 400, 'the old password no longer works');
      const fresh = new Client(t.app);
      assert.equal(location(await signIn(fresh, 'pw-user', next)), '/staff');
      assert.equal((await fresh.get('/staff')).statusCode, 200);
    });
  });
});
