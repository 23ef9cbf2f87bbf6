import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp, fieldError } from '#test/app.js';
import { makeCreditCode } from '#platform/ids.js';
import { ALLOWED_CHILDREN, ORG_KINDS, type OrgKind } from './org.schema.js';

type City = Awaited<ReturnType<typeof seedSmallCity>>;

function location(res: LightMyRequestResponse): string {
  const l = res.headers.location;
  return typeof l === 'string' ? l : '';
}

/** The error message shown next to a form field, if any. */
/** Signs of an internal error leaking into a response. */
function assertNothingInternal(body: string, what: string): void {
  assert.doesNotMatch(body, /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|stack|Error:|TypeError|kysely|postgres|SQL/i, `${what}: internal details leaked`);
}

const VALID_CODE = makeCreditCode('11110000', 'MB012345');
/** The same code with a wrong check character. */
const BAD_CHECK = VALID_CODE.slice(0, 17) + (VALID_CODE[17] === '1' ? '2' : '1');

describe('agencies: the tree, its profile, public pages and the API', () => {
  let t: TestApp;
  let city: City;
  let coord: Client;

  const orgCount = async () => Number((await t.c.db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const auditCount = async () => Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const orgBySlug = (slug: string) => t.c.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
  const orgRow = (id: string) => t.c.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    const { totpSecret } = await makeStaff(t.c, 'coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], { totp: true });
    coord = new Client(t.app);
    const res = await coord.loginStaff('coord', undefined, totpSecret);
    assert.equal(location(res), '/staff');
  });
  after(async () => t.close());

  describe('creating an agency', () => {
    it('allows exactly the kinds that ALLOWED_CHILDREN permits under each kind of parent', async () => {
      // One parent of every kind that can have children, plus an institution (which can have none).
      const mk = async (parentId: string, kind: OrgKind, slug: string) => {
        const res = await coord.post('/staff/agencies/new', { parentId, kind, slug, name: `测试${slug}`, sector: 'water' });
        assert.equal(res.statusCode, 303, `${kind} ${slug}: ${fieldError(res.body, 'kind') ?? ''}`);
        return (await orgBySlug(slug))!;
      };
      const district = await mk(city.city.id, 'district', 'p-district');
      const parents: Record<string, { id: string; kind: OrgKind }> = {
        city: { id: city.city.id, kind: 'city' },
        district: { id: district.id, kind: 'district' },
        county: { id: (await mk(city.city.id, 'county', 'p-county')).id, kind: 'county' },
        department: { id: city.a.id, kind: 'department' },
        township: { id: (await mk(district.id, 'township', 'p-township')).id, kind: 'township' },
        subdistrict: { id: (await mk(district.id, 'subdistrict', 'p-subdistrict')).id, kind: 'subdistrict' },
        institution: { id: (await mk(city.city.id, 'institution', 'p-institution')).id, kind: 'institution' },
      };
      for (const parent of Object.values(parents)) {
        for (const kind of ORG_KINDS) {
          const slug = `k-${parent.kind}-${kind}`;
          const before = await orgCount();
          const res = await coord.post('/staff/agencies/new', { parentId: parent.id, kind, slug, name: `测试${slug}`, sector: 'health' });
          const allowed = ALLOWED_CHILDREN[parent.kind].includes(kind);
          if (allowed) {
            assert.equal(res.statusCode, 303, `${kind} under ${parent.kind}`);
            const row = await orgBySlug(slug);
            assert.equal(row?.kind, kind);
            assert.equal(row?.parentId, parent.id);
            assert.equal(row?.sector, kind === 'institution' ? 'health' : null, 'only institutions have a sector');
          } else {
            assert.equal(res.statusCode, 400, `${kind} under ${parent.kind}`);
            assert.equal(fieldError(res.body, 'kind'), '该类型的机构不能设在所选上级机构之下。', `${kind} under ${parent.kind}`);
            assert.equal(await orgCount(), before);
            assert.equal(await orgBySlug(slug), undefined);
          }
        }
      }
      // The form offers only the allowed kinds.
      const form = await coord.get(`/staff/agencies/new?parentId=${parents.township!.id}`);
      assert.equal(form.statusCode, 200);
      const options = [...form.body.matchAll(/<option value="([a-z]+)"/g)].map((m) => m[1]).filter((v) => (ORG_KINDS as readonly string[]).includes(v!));
      assert.deepEqual(options, ['institution']);
    });

    it('validates the slug format and keeps slugs unique', async () => {
      const base = { parentId: city.a.id, kind: 'department', name: '测试市甲局二处' };
      for (const slug of ['a', 'has space', '-lead', 'under_score', '中文标识', 'x'.repeat(64), '', 'semi;colon']) {
        const before = await orgCount();
        const res = await coord.post('/staff/agencies/new', { ...base, slug });
        assert.equal(res.statusCode, 400, `slug ${slug}`);
        assert.ok(fieldError(res.body, 'slug'), `slug ${slug}: message next to the field`);
        assert.match(fieldError(res.body, 'slug')!, /网址标识/);
        assert.equal(await orgCount(), before);
      }
      for (const slug of ['dept-a', 'DEPT-A', ' dept-a1 ']) {
        const res = await coord.post('/staff/agencies/new', { ...base, slug });
        assert.equal(res.statusCode, 409, `slug ${slug}`);
        assert.equal(fieldError(res.body, 'slug'), '网址标识已被其他机构使用，请换一个。');
      }
      // Upper case is folded, not refused.
      const ok = await coord.post('/staff/agencies/new', { ...base, slug: 'Dept-A2' });
      assert.equal(ok.statusCode, 303);
      assert.ok(await orgBySlug('dept-a2'));
    });

    it('refuses a credit code with a wrong check character next to the field, saving nothing', async () => {
      const before = { orgs: await orgCount(), audit: await auditCount() };
      const res = await coord.post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'dept-b-code', name: '测试市乙局三处', creditCode: BAD_CHECK });
      assert.equal(res.statusCode, 400);
      assert.equal(fieldError(res.body, 'creditCode'), '统一社会信用代码校验位不正确，请核对。');
      assert.match(res.body, /id="f-creditCode"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-creditCode"/);
      // The form keeps what was typed.
      assert.ok(res.body.includes('value="测试市乙局三处"'));
      assert.ok(res.body.includes(`value="${BAD_CHECK}"`));
      assert.equal(await orgCount(), before.orgs);
      assert.equal(await auditCount(), before.audit);
      assert.equal(await orgBySlug('dept-b-code'), undefined);

      for (const [code, message] of [
        ['12345', '统一社会信用代码应为 18 位。'],
        [VALID_CODE.slice(0, 17) + 'I', '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。'],
      ] as const) {
        const r = await coord.post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'dept-b-code', name: '测试市乙局三处', creditCode: code });
        assert.equal(r.statusCode, 400, code);
        assert.equal(fieldError(r.body, 'creditCode'), message);
      }

      // A valid one (typed in lower case) is stored upper case; a second agency cannot reuse it.
      const ok = await coord.post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'dept-b-code', name: '测试市乙局三处', creditCode: VALID_CODE.toLowerCase() });
      assert.equal(ok.statusCode, 303);
      assert.equal((await orgBySlug('dept-b-code'))?.creditCode, VALID_CODE);
      const dup = await coord.post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'dept-b-dup', name: '测试市乙局四处', creditCode: VALID_CODE });
      assert.equal(dup.statusCode, 409);
      assert.match(fieldError(dup.body, 'creditCode') ?? '', /测试市乙局三处/);
      assert.equal(await orgBySlug('dept-b-dup'), undefined);
    });

    it('validates postcode, e-mail, phone, website and required name with Chinese messages, all at once', async () => {
      const before = await orgCount();
      const res = await coord.post('/staff/agencies/new', {
        parentId: city.a.id, kind: 'department', slug: 'dept-bad', name: '',
        postcode: '12345', email: 'not-an-email', phone: 'call me', website: 'javascript:alert(1)',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(fieldError(res.body, 'name'), '请填写机构名称。');
      assert.equal(fieldError(res.body, 'postcode'), '邮政编码应为 6 位数字。');
      assert.equal(fieldError(res.body, 'email'), '电子邮箱格式不正确。');
      assert.equal(fieldError(res.body, 'phone'), '联系电话格式不正确。');
      assert.equal(fieldError(res.body, 'website'), '网址应以 http:// 或 https:// 开头。');
      assert.match(res.body, /class="error-summary"/);
      assert.ok(res.body.includes('href="#f-postcode"'), 'the summary links to the field');
      assert.equal(await orgCount(), before);
      for (const postcode of ['1234567', 'abcdef', '１２３４５６']) {
        const r = await coord.post('/staff/agencies/new', { parentId: city.a.id, kind: 'department', slug: 'dept-bad', name: '测试名称', postcode });
        assert.equal(r.statusCode, 400, postcode);
        assert.equal(fieldError(r.body, 'postcode'), '邮政编码应为 6 位数字。');
      }
      assert.equal(await orgCount(), before);
    });

    it('requires a sector for a public enterprise or institution', async () => {
      const before = await orgCount();
      const none = await coord.post('/staff/agencies/new', { parentId: city.city.id, kind: 'institution', slug: 'water-co', name: '测试市自来水公司' });
      assert.equal(none.statusCode, 400);
      assert.equal(fieldError(none.body, 'sector'), '公共企事业单位须选择所属行业。');
      const bad = await coord.post('/staff/agencies/new', { parentId: city.city.id, kind: 'institution', slug: 'water-co', name: '测试市自来水公司', sector: 'mining' });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldError(bad.body, 'sector'), '请选择行业。');
      assert.equal(await orgCount(), before);
      const ok = await coord.post('/staff/agencies/new', { parentId: city.city.id, kind: 'institution', slug: 'water-co', name: '测试市自来水公司', sector: 'water' });
      assert.equal(ok.statusCode, 303);
      const row = await orgBySlug('water-co');
      assert.equal(row?.sector, 'water');
      // Its profile cannot drop the sector either.
      const edit = await coord.post(`/staff/agencies/${row.id}`, { name: '测试市自来水公司', sector: '' });
      assert.equal(edit.statusCode, 400);
      assert.equal(fieldError(edit.body, 'sector'), '公共企事业单位须选择所属行业。');
      assert.equal((await orgBySlug('water-co'))?.sector, 'water');
    });
  });

  describe('public pages', () => {
    it('show active agencies; a deactivated one 404s and leaves the directory and the API', async () => {
      const dir = await t.app.inject({ method: 'GET', url: '/agencies' });
      assert.equal(dir.statusCode, 200);
      assert.ok(dir.body.includes('href="/agencies/dept-b1"'));
      assert.ok(dir.body.includes('测试市乙局一处'));
      const page = await t.app.inject({ method: 'GET', url: '/agencies/dept-b1' });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('<h1>测试市乙局一处</h1>'));
      const parentPage = await t.app.inject({ method: 'GET', url: '/agencies/dept-b' });
      assert.ok(parentPage.body.includes('href="/agencies/dept-b1"'));
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/agencies' });
      assert.ok(api.json<{ items: { slug: string }[] }>().items.some((i) => i.slug === 'dept-b1'));
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/agencies/dept-b1' })).statusCode, 200);

      const off = await coord.post(`/staff/agencies/${city.b1.id}/status`, { active: '0' });
      assert.equal(off.statusCode, 303);
      assert.equal((await orgRow(city.b1.id)).isActive, false);
      assert.equal(Number((await t.c.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'org.deactivated').where('orgId', '=', city.b1.id).executeTakeFirstOrThrow()).n), 1);

      const gone = await t.app.inject({ method: 'GET', url: '/agencies/dept-b1' });
      assert.equal(gone.statusCode, 404);
      assert.match(gone.body, /<html lang="zh-CN"/);
      assert.ok(!gone.body.includes('测试市乙局一处'));
      const dir2 = await t.app.inject({ method: 'GET', url: '/agencies' });
      assert.ok(!dir2.body.includes('dept-b1'));
      assert.ok(!dir2.body.includes('测试市乙局一处'));
      assert.ok(!(await t.app.inject({ method: 'GET', url: '/agencies/dept-b' })).body.includes('dept-b1'));
      const api2 = await t.app.inject({ method: 'GET', url: '/api/v1/agencies' });
      const items = api2.json<{ total: number; items: { slug: string; isActive: boolean }[] }>();
      assert.ok(!items.items.some((i) => i.slug === 'dept-b1'));
      assert.equal(items.total, items.items.length);
      assert.ok(items.items.every((i) => i.isActive));
      const api404 = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/dept-b1' });
      assert.equal(api404.statusCode, 404);
      assert.match(String(api404.headers['content-type']), /application\/problem\+json/);
      // Staff still see it, marked inactive.
      const staff = await coord.get(`/staff/agencies/${city.b1.id}`);
      assert.equal(staff.statusCode, 200);
      assert.ok(staff.body.includes('已停用'));

      // Reactivated, it is back.
      assert.equal((await coord.post(`/staff/agencies/${city.b1.id}/status`, { active: '1' })).statusCode, 303);
      assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/dept-b1' })).statusCode, 200);
    });

    it('keeps an agency with active children, and the root, active', async () => {
      const res = await coord.post(`/staff/agencies/${city.b.id}/status`, { active: '0' });
      assert.equal(res.statusCode, 303);
      assert.equal((await orgRow(city.b.id)).isActive, true);
      const back = await coord.get(location(res));
      assert.ok(back.body.includes('该机构下仍有启用的下级机构，请先处理下级机构。'));
      assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/dept-b' })).statusCode, 200);

      const root = await coord.post(`/staff/agencies/${city.city.id}/status`, { active: '0' });
      assert.equal(root.statusCode, 303);
      assert.equal((await orgRow(city.city.id)).isActive, true);
    });

    it('cannot reactivate an agency under a deactivated parent (it would float loose in the directory)', async () => {
      const child = await coord.post('/staff/agencies/new', { parentId: city.b.id, kind: 'department', slug: 'tmp-parent', name: '临时上级机构' });
      assert.equal(child.statusCode, 303);
      const parent = (await orgBySlug('tmp-parent'))!;
      assert.equal((await coord.post('/staff/agencies/new', { parentId: parent.id, kind: 'department', slug: 'tmp-child', name: '临时下级机构' })).statusCode, 303);
      const kid = (await orgBySlug('tmp-child'))!;
      assert.equal((await coord.post(`/staff/agencies/${kid.id}/status`, { active: '0' })).statusCode, 303);
      assert.equal((await coord.post(`/staff/agencies/${parent.id}/status`, { active: '0' })).statusCode, 303);
      assert.equal((await orgRow(parent.id)).isActive, false);

      const again = await coord.post(`/staff/agencies/${kid.id}/status`, { active: '1' });
      assert.equal((await orgRow(kid.id)).isActive, false);
      assert.ok((await coord.get(location(again))).body.includes('上级机构已停用，请先重新启用上级机构。'));
      assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/tmp-child' })).statusCode, 404);
      assert.ok(!(await t.app.inject({ method: 'GET', url: '/agencies' })).body.includes('临时下级机构'));
    });

    it(
      'answers URLs the router itself refuses (too long a parameter, a broken escape) with a Chinese page',
      async () => {
        for (const [url, status] of [[`/agencies/${'x'.repeat(300)}`, 414], ['/agencies/%E4%B8', 400], ['/agencies/%zz', 400]] as const) {
          const res = await t.app.inject({ method: 'GET', url });
          assert.equal(res.statusCode, status, url);
          assert.match(res.body, /<html lang="zh-CN"/, url);
          assertNothingInternal(res.body, url);
        }
      },
    );

    it('answers unknown pages with a Chinese 404 page and no internal details', async () => {
      for (const url of ['/no/such/page', '/agencies/no-such-agency', '/agencies/UPPER', '/agencies/%E4%B8%AD', '/agencies/a%00b']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.match(String(res.headers['content-type']), /text\/html/, url);
        assert.match(res.body, /<html lang="zh-CN"/, url);
        assert.ok(res.body.includes('页面不存在') || res.body.includes('该机构不存在。'), url);
        assertNothingInternal(res.body, url);
      }
      for (const url of ['/staff/agencies/999999999', '/staff/agencies/abc', '/staff/agencies/0', '/staff/agencies/99999999999999999999999']) {
        const res = await coord.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.ok(res.body.includes('该机构不存在。'), url);
        assertNothingInternal(res.body, url);
      }
    });
  });

  describe('API', () => {
    const problem = (res: LightMyRequestResponse) => {
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const p = res.json<{ status: number; code: string; title: string; detail: string; type: string; errors?: Record<string, string> }>();
      assert.equal(p.status, res.statusCode);
      assert.match(p.detail, /[\u4e00-\u9fff]/, 'detail in Chinese');
      assert.match(p.title, /[\u4e00-\u9fff]/, 'title in Chinese');
      assertNothingInternal(res.body, p.code);
      return p;
    };
    const raw = (method: 'POST' | 'PATCH', url: string, payload: string, contentType = 'application/json') =>
      t.app.inject({ method, url, payload, headers: { cookie: [...coord.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': coord.csrf, 'content-type': contentType } });

    it('answers malformed JSON with 400 problem JSON, changing nothing', async () => {
      const before = await orgRow(city.a.id);
      for (const body of ['{"name": ', '{name: 1}', "{'a':1}", 'nul', '{"a":1}}']) {
        const res = await raw('PATCH', `/api/v1/agencies/${city.a.id}/profile`, body);
        assert.equal(res.statusCode, 400, body);
        const p = problem(res);
        assert.equal(p.detail, '请求体不是有效的 JSON。');
        assert.ok(p.code);
      }
      const empty = await raw('POST', '/api/v1/staff', '');
      assert.equal(empty.statusCode, 400);
      assert.equal(problem(empty).detail, '请求体不是有效的 JSON。');
      // Anonymous callers get the same answer, before anything else happens.
      const anon = await t.app.inject({ method: 'PATCH', url: `/api/v1/agencies/${city.a.id}/profile`, payload: '{oops', headers: { 'content-type': 'application/json' } });
      assert.equal(anon.statusCode, 400);
      problem(anon);
      assert.deepEqual(await orgRow(city.a.id), before);
    });

    it('answers an unsupported content type (415) and an oversized body (413) with problem JSON', async () => {
      const text = await raw('PATCH', `/api/v1/agencies/${city.a.id}/profile`, 'name=x', 'text/csv');
      assert.equal(text.statusCode, 415);
      problem(text);
      const big = await raw('PATCH', `/api/v1/agencies/${city.a.id}/profile`, JSON.stringify({ name: 'x'.repeat(1_100_000) }));
      assert.equal(big.statusCode, 413);
      assert.equal(problem(big).detail, '提交的内容超过了大小限制。');
    });

    it('answers unknown routes with 404 problem JSON', async () => {
      for (const [method, url] of [['GET', '/api/v1/nothing-here'], ['POST', '/api/v1/agencies'], ['GET', '/api/v2/agencies'], ['DELETE', `/api/v1/agencies/${city.a.id}`]] as const) {
        const res = await t.app.inject({ method, url, headers: { cookie: [...coord.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': coord.csrf } });
        assert.equal(res.statusCode, 404, `${method} ${url}`);
        const p = problem(res);
        assert.equal(p.code, 'NOT_FOUND');
        assert.equal(p.detail, '请求的资源不存在。');
      }
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/no-such-agency' });
      assert.equal(missing.statusCode, 404);
      assert.equal(problem(missing).code, 'ORG_NOT_FOUND');
    });

    it('answers validation errors with 400 problem JSON listing each field in Chinese, saving nothing', async () => {
      const before = await orgRow(city.a.id);
      const res = await coord.json('PATCH', `/api/v1/agencies/${city.a.id}/profile`, { officeName: '甲局办公室', postcode: '12', email: 'nope', creditCode: BAD_CHECK, name: 42 });
      assert.equal(res.statusCode, 400);
      const p = problem(res);
      assert.equal(p.code, 'VALIDATION_FAILED');
      assert.ok(p.errors);
      assert.equal(p.errors.postcode, '邮政编码应为 6 位数字。');
      assert.equal(p.errors.email, '电子邮箱格式不正确。');
      assert.equal(p.errors.creditCode, '统一社会信用代码校验位不正确，请核对。');
      assert.match(p.errors.name ?? '', /[\u4e00-\u9fff]/);
      for (const msg of Object.values(p.errors)) assert.match(msg, /[\u4e00-\u9fff]/);
      // Nothing half-saved: the valid officeName was not applied either.
      assert.deepEqual(await orgRow(city.a.id), before);

      const staff = await coord.json('POST', '/api/v1/staff', { orgId: city.a.id, username: 'X', displayName: '' });
      assert.equal(staff.statusCode, 400);
      const sp = problem(staff);
      assert.ok(sp.errors?.username && sp.errors.displayName);

      const good = await coord.json('PATCH', `/api/v1/agencies/${city.a.id}/profile`, { postcode: '100010', creditCode: makeCreditCode('11110000', 'MB054321') });
      assert.equal(good.statusCode, 200);
      assert.equal((await orgRow(city.a.id)).postcode, '100010');
    });
  });

  describe('fuzz', () => {
    /** Any string: ASCII, full Unicode, control characters, or blank. */
    const anyString = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u202e', '\ud800', '%', '\\', "'", '"', '<', '>', '&', ';', '　', 'é', '中'), maxLength: 20 }),
      fc.constant(''),
      fc.string({ minLength: 200, maxLength: 2000 }),
    );
    const fieldNames = ['kind', 'slug', 'name', 'shortName', 'nameEn', 'creditCode', 'sector', 'officeName', 'address', 'postcode', 'officeHours', 'phone', 'fax', 'email', 'website', 'sortOrder'] as const;

    it('random strings in every field of POST /staff/agencies/new never give a 5xx', async () => {
      const form = fc.record({
        parentId: fc.oneof(fc.constantFrom(city.city.id, city.a.id, city.b1.id), anyString),
        ...Object.fromEntries(fieldNames.map((n) => [n, fc.oneof(anyString, fc.constantFrom(...ORG_KINDS, 'water', 'dept-fuzz', '100000'))])),
      });
      await fc.assert(
        fc.asyncProperty(form, async (values) => {
          const res = await coord.post('/staff/agencies/new', values);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(values)}`);
        }),
        { numRuns: 150 },
      );
    });

    it('random JSON in every field of PATCH /api/v1/agencies/:id/profile never gives a 5xx', async () => {
      const body = fc.record(Object.fromEntries(fieldNames.map((n) => [n, fc.oneof(anyString, fc.jsonValue())])), { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(body, async (values) => {
          const res = await coord.json('PATCH', `/api/v1/agencies/${city.b1.id}/profile`, values);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(values)}`);
        }),
        { numRuns: 100 },
      );
    });

    it('random strings in the fields of POST /staff/login never give a 5xx', async () => {
      const anon = new Client(t.app);
      await anon.get('/staff/login');
      await fc.assert(
        fc.asyncProperty(fc.record({ username: anyString, password: anyString, next: anyString }), async ({ username, password, next }) => {
          const res = await anon.post(`/staff/login?${new URLSearchParams({ next }).toString()}`, { username, password });
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify({ username, password, next })}`);
          assert.notEqual(res.statusCode, 303, 'no random input signs in');
        }),
        { numRuns: 60 },
      );
    });

    it('a NUL character anywhere is refused with a 4xx in Chinese, saving nothing', async () => {
      const before = await orgCount();
      const form = await coord.post('/staff/agencies/new', { parentId: city.a.id, kind: 'department', slug: 'nul-dept', name: '测试\u0000机构' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /<html lang="zh-CN"/);
      assertNothingInternal(form.body, 'NUL in a form');
      assert.equal(await orgCount(), before);
      const profile = await orgRow(city.a1.id);
      const api = await coord.json('PATCH', `/api/v1/agencies/${city.a1.id}/profile`, { officeName: '办公室\u0000' });
      assert.equal(api.statusCode, 400);
      assert.match(String(api.headers['content-type']), /application\/problem\+json/);
      assert.match(api.json<{ detail: string }>().detail, /[\u4e00-\u9fff]/);
      assert.deepEqual(await orgRow(city.a1.id), profile);
      const anon = new Client(t.app);
      await anon.get('/staff/login');
      const login = await anon.post('/staff/login', { username: 'coord\u0000', password: 'x' });
      assert.equal(login.statusCode, 400);
      for (const url of ['/staff/users?q=%00', '/staff/audit?actor=%00', `/staff/users?orgId=${city.a.id}&q=a%00b`]) {
        const res = await coord.get(url);
        assert.ok(res.statusCode < 500, `${res.statusCode} for ${url}`);
      }
    });

    it('raw form bodies with broken encodings never give a 5xx', async () => {
      const b = new Client(t.app);
      await b.get('/staff/login');
      const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const tails = ['username=%FF%FE&password=%00', 'username=%zz&password=%', 'username=a&username=b&password[]=x', 'username=%ED%A0%80&password=%C0%AF', '&&&==&', 'password=' + 'a'.repeat(5000)];
      for (const tail of tails) {
        for (const url of ['/staff/login', '/staff/agencies/new']) {
          const res = await t.app.inject({ method: 'POST', url, payload: `_csrf=${encodeURIComponent(url === '/staff/login' ? b.csrf : coord.csrf)}&parentId=${city.a.id}&${tail}`, headers: { cookie: url === '/staff/login' ? cookie : [...coord.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' } });
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${url} ${tail}`);
        }
      }
    });
  });
});
