import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, seedSmallCity, type TestApp } from '#test/app.js';
import { makeCreditCode } from '#platform/ids.js';
import { allocateIndexNumber } from './index.js';

describe('索引号 allocation', () => {
  let t: TestApp;
  let org: { id: string; creditCode: string | null; slug: string };
  before(async () => {
    t = await buildTestApp({ config: {} });
    const city = await seedSmallCity(t.c);
    org = { id: city.a.id, creditCode: makeCreditCode('11990100', '00001434'), slug: 'dept-a' };
  });
  after(async () => t.close());

  it('stays unique and gap-free under 50 concurrent publications', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () => t.c.db.transaction().execute((tx) => allocateIndexNumber(tx, org, '2026-11-29'))),
    );
    assert.equal(new Set(numbers).size, 50);
    const serials = numbers.map((n) => Number(n.split('-').at(-1))).sort((a, b) => a - b);
    assert.deepEqual(serials, Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(numbers.every((n) => n.startsWith(`${org.creditCode!.slice(8, 17)}/2026-`)));
  });

  it('gives a rolled-back publication\'s serial to the next one, and restarts each year', async () => {
    await assert.rejects(
      t.c.db.transaction().execute(async (tx) => {
        await allocateIndexNumber(tx, org, '2026-11-30');
        throw new Error('publication failed');
      }),
    );
    const next = await t.c.db.transaction().execute((tx) => allocateIndexNumber(tx, org, '2026-11-30'));
    assert.ok(next.endsWith('/2026-00051'), next);
    const newYear = await t.c.db.transaction().execute((tx) => allocateIndexNumber(tx, org, '2027-01-04'));
    assert.ok(newYear.endsWith('/2027-00001'), newYear);
  });

  it('follows the agency\'s own template, and explains a missing credit code', async () => {
    await t.c.db.insertInto('catalogueSettings').values({ orgId: org.id, indexTemplate: '{slug}/{year}{month}-{serial:4}' }).execute();
    const n = await t.c.db.transaction().execute((tx) => allocateIndexNumber(tx, org, '2026-12-01'));
    assert.equal(n, 'dept-a/202612-0001');
    await assert.rejects(
      t.c.db.transaction().execute((tx) => allocateIndexNumber(tx, { ...org, id: org.id === '1' ? '2' : '1', creditCode: null }, '2026-12-01')),
      (e: unknown) => e instanceof Error && /统一社会信用代码/.test(JSON.stringify((e as { fields?: unknown }).fields)),
    );
  });
});
