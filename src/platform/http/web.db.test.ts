import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, Client, seedSmallCity, type TestApp } from '#test/app.js';

/** The value of one response header as a string ('' when absent). */
function header(res: { headers: Record<string, string | string[] | number | undefined> }, name: string): string {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);
}

describe('web platform: probes, metrics, headers, preferences', () => {
  let t: TestApp;
  before(async () => {
    // A low form limit so that the login rate limit can be observed.
    t = await buildTestApp({ config: { rateLimitForms: 5 } });
    await seedSmallCity(t.c);
    await t.app.refreshSiteName();
  });
  after(async () => t.close());

  it('/healthz answers 200 with JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.match(header(res, 'content-type'), /application\/json/);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('/readyz answers 200 with the database reachable and migrations current', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ status: string; database: string; migrations: string }>();
    assert.equal(body.status, 'ready');
    assert.equal(body.database, 'ok');
    assert.equal(body.migrations, 'current');
  });

  it('/metrics exposes the request-duration histogram in Prometheus format, with observed routes', async () => {
    await t.app.inject({ method: 'GET', url: '/agencies' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(header(res, 'content-type'), /text\/plain/);
    assert.match(res.body, /# TYPE gongkai_http_request_duration_seconds histogram/);
    assert.match(res.body, /gongkai_http_request_duration_seconds_count\{[^}]*route="\/agencies"[^}]*status="200"[^}]*\} [1-9]/);
    // Default process metrics are there too.
    assert.match(res.body, /process_cpu_user_seconds_total/);
  });

  it('/metrics answers other hosts only with METRICS_TOKEN', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode, 404);
    const withToken = await buildTestApp({ config: { metricsToken: 'metrics-token-0123456789' } });
    try {
      const remote = { method: 'GET' as const, url: '/metrics', remoteAddress: '10.1.2.3' };
      assert.equal((await withToken.app.inject(remote)).statusCode, 404);
      assert.equal((await withToken.app.inject({ ...remote, headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode, 404);
      const ok = await withToken.app.inject({ ...remote, headers: { authorization: 'Bearer metrics-token-0123456789' } });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /gongkai_http_request_duration_seconds/);
    } finally {
      await withToken.close();
    }
  });

  it('sends security headers: a CSP without inline scripts, nosniff, no framing', async () => {
    for (const url of ['/', '/agencies', '/staff/login', '/no-such-page', '/api/v1/agencies']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = header(res, 'content-security-policy');
      assert.ok(csp, `CSP on ${url}`);
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1];
      assert.ok(scriptSrc, `script-src in the CSP of ${url}: ${csp}`);
      assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval|\*/);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /object-src 'none'/);
      assert.equal(header(res, 'x-content-type-options'), 'nosniff');
      const xfo = header(res, 'x-frame-options');
      assert.ok(/frame-ancestors 'none'/.test(csp) || /^(DENY|SAMEORIGIN)$/i.test(xfo), `framing refused on ${url}`);
      assert.ok(header(res, 'referrer-policy'), `referrer-policy on ${url}`);
      assert.equal(header(res, 'x-powered-by'), '');
    }
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const given = 'req-abcdef-12345678';
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } });
    assert.equal(header(res, 'x-request-id'), given);

    const bad = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'no spaces <script>' } });
    const id = header(bad, 'x-request-id');
    assert.notEqual(id, 'no spaces <script>');
    assert.match(id, /^[0-9a-f-]{36}$/);

    const none = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.match(header(none, 'x-request-id'), /^[0-9a-f-]{36}$/);

    // Error pages carry the id too, and show it to the person for support.
    const missing = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { 'x-request-id': given } });
    assert.equal(missing.statusCode, 404);
    assert.equal(header(missing, 'x-request-id'), given);
    assert.ok(missing.body.includes(given));
  });

  it('/prefs sets the language cookie and redirects (303) to a local next', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/prefs?lang=en&next=/agencies' });
    assert.equal(res.statusCode, 303);
    assert.equal(header(res, 'location'), '/agencies');
    const c = res.cookies.find((x) => x.name === 'gk_lang');
    assert.equal(c?.value, 'en');
    assert.equal(c?.path, '/');
  });

  it('/prefs refuses external or odd next targets and sends them home', async () => {
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'evil.example', '/\r\nSet-Cookie:x=1']) {
      const res = await t.app.inject({ method: 'GET', url: `/prefs?lang=en&next=${encodeURIComponent(next)}` });
      assert.equal(res.statusCode, 303, next);
      assert.equal(header(res, 'location'), '/', next);
      assert.equal(header(res, 'set-cookie').includes('x=1'), false);
    }
    // An unknown language sets no cookie.
    const res = await t.app.inject({ method: 'GET', url: '/prefs?lang=xx&next=/' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.cookies.find((x) => x.name === 'gk_lang'), undefined);
  });

  it('renders the interface in Chinese by default and in English after the switch', async () => {
    const b = new Client(t.app);
    const zh = await b.get('/agencies');
    assert.equal(zh.statusCode, 200);
    assert.match(zh.body, /<html lang="zh-CN"/);
    assert.ok(zh.body.includes('机构目录'));

    const sw = await b.get('/prefs?lang=en&next=/agencies');
    assert.equal(sw.statusCode, 303);
    const en = await b.get('/agencies');
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<html lang="en"/);
    assert.ok(en.body.includes('Skip to main content'));
    assert.ok(en.body.includes('Agencies'));
    // The switch back offers Chinese, marked as such for screen readers.
    assert.match(en.body, /<a href="\/prefs\?lang=zh-CN[^"]*" lang="zh-CN">中文<\/a>/);
    // Errors pages too.
    const missing = await b.get('/no-such-page');
    assert.match(missing.body, /<html lang="en"/);
  });

  it('large-text mode adds the class large-text and can be switched off', async () => {
    const b = new Client(t.app);
    const before = await b.get('/');
    assert.doesNotMatch(before.body, /<html[^>]*class="[^"]*large-text/);
    assert.equal((await b.get('/prefs?display=large&next=/')).statusCode, 303);
    const large = await b.get('/');
    assert.match(large.body, /<html[^>]*class="[^"]*\blarge-text\b/);
    const staff = await b.get('/staff/login');
    assert.match(staff.body, /<html[^>]*class="[^"]*\blarge-text\b/);
    assert.equal((await b.get('/prefs?display=standard&next=/')).statusCode, 303);
    const back = await b.get('/');
    assert.doesNotMatch(back.body, /<html[^>]*class="[^"]*large-text/);
  });

  it('rate-limits the login form with a Chinese 429 page', async () => {
    const b = new Client(t.app);
    await b.get('/staff/login');
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 7; i++) {
      const res = await b.post('/staff/login', { username: 'nobody', password: 'wrong-password' });
      statuses.push(res.statusCode);
      last = res.body;
    }
    assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400]);
    assert.equal(statuses[6], 429);
    assert.match(last, /请求过于频繁/);
    assert.doesNotMatch(last, /RATE_LIMITED|statusCode/);
  });
});
