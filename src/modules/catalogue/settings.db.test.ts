import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import { buildTestApp, Client, fieldError, makeStaff, seedSmallCity, type TestApp } from '#test/app.js';
import { allocateIndexNumber } from './index.js';

describe('索引号 rule per agency', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let adminA: Client;
  const code = makeCreditCode('11990100', '00001434');

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    await t.c.orgs.updateProfile(systemActor('test'), city.a.id, { name: city.a.name, creditCode: code });
    const { totpSecret } = await makeStaff(t.c, 'idx-admin', city.a.id, [{ orgId: city.a.id, role: 'agency_admin' }], { totp: true });
    adminA = new Client(t.app);
    await adminA.loginStaff('idx-admin', undefined, totpSecret);
  });
  after(async () => t.close());

  it('shows the default template with an example number', async () => {
    const res = await adminA.get(`/staff/agencies/${city.a.id}/index-numbers`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('{orgCode}/{year}-{serial:5}'));
    assert.match(res.body, new RegExp(`${code.slice(8, 17)}/\\d{4}-00001`));
  });

  it('lets the agency admin set a template that publication then follows, audited', async () => {
    const res = await adminA.post(`/staff/agencies/${city.a.id}/index-numbers`, { indexTemplate: '{creditCode}/{year}{month}-{serial:5}' });
    assert.equal(res.statusCode, 303);
    const n = await t.c.db.transaction().execute(async (tx) => allocateIndexNumber(tx, { id: city.a.id, creditCode: code, slug: 'dept-a' }, '2026-12-01'));
    assert.equal(n, `${code}/202612-00001`);
    const audit = await t.c.db.selectFrom('auditEntries').select('summary').where('action', '=', 'catalogue.index-template-set').execute();
    assert.equal(audit.length, 1);
  });

  it('refuses an invalid template, or one the agency cannot fill, next to the field', async () => {
    const bad = await adminA.post(`/staff/agencies/${city.a.id}/index-numbers`, { indexTemplate: '{orgCode}/{year}' });
    assert.equal(bad.statusCode, 400);
    assert.match(fieldError(bad.body, 'indexTemplate') ?? '', /serial/);
    const noCode = await adminA.post(`/staff/agencies/${city.a1.id}/index-numbers`, { indexTemplate: '{orgCode}/{year}-{serial:5}' });
    assert.equal(noCode.statusCode, 400);
    assert.match(fieldError(noCode.body, 'indexTemplate') ?? '', /统一社会信用代码/);
  });

  it('hides other agencies\' rules (404) and changes nothing there', async () => {
    assert.equal((await adminA.get(`/staff/agencies/${city.b.id}/index-numbers`)).statusCode, 404);
    assert.equal((await adminA.post(`/staff/agencies/${city.b.id}/index-numbers`, { indexTemplate: '{slug}-{serial:4}' })).statusCode, 404);
    assert.equal(await t.c.db.selectFrom('catalogueSettings').select('orgId').where('orgId', '=', city.b.id).executeTakeFirst(), undefined);
  });
});
