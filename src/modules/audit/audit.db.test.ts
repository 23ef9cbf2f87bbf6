import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, seedSmallCity, type TestApp } from '#test/app.js';

describe('audit trail (留痕)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    await seedSmallCity(t.c);
  });
  after(async () => t.close());

  it('records every mutation of the seed in a verifying chain', async () => {
    const r = await t.c.audit.verify();
    assert.equal(r.ok, true, r.message);
    assert.ok(r.checked >= 5);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries through ordinary SQL', async () => {
    await assert.rejects(t.tdb.superQuery(`UPDATE audit_entries SET action = 'x' WHERE seq = 1`), /append-only/);
    await assert.rejects(t.tdb.superQuery(`DELETE FROM audit_entries WHERE seq = 1`), /append-only/);
    await assert.rejects(t.tdb.superQuery(`TRUNCATE audit_entries`), /append-only/);
  });

  it('names the altered entry when a summary is changed behind the triggers', async () => {
    await t.tdb.superQuery(`BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_entries SET summary = '{"name":"forged"}' WHERE seq = 3; COMMIT;`);
    const r = await t.c.audit.verify();
    assert.equal(r.ok, false);
    assert.deepEqual(r.problem, { kind: 'altered', seq: '3' });
    assert.match(r.message, /第 3 条/);
  });
});
