/**
 * Whole-process tests of `gongkai backup` and `gongkai restore`: a backup of the demo city restored
 * into a new data folder gives the same rows and a verifying audit chain; a non-empty target and a
 * truncated archive are refused, leaving the target as it was.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { openDatabase } from '../../src/platform/db/database.js';
import { createProcEnv } from './helpers.js';

const { freshDir, gk, loadDemo, cleanup } = createProcEnv();

/** Per table (migration bookkeeping aside): row count and a hash of every row in key order. */
async function snapshot(dataDir: string): Promise<Record<string, { rows: number; sha256: string }>> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
  try {
    const q = database.pool;
    const tables = (await q.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely\\_%' ORDER BY 1`)).rows.map((r) => r.name);
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of tables) {
      const key = await q.query<{ attname: string }>(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
        [t],
      );
      assert.ok(key.rows.length > 0, `${t} has a primary key`);
      const order = key.rows.map((r) => `"${r.attname}"`).join(', ');
      const rows = await q.query<{ row: string }>(`SELECT x::text AS row FROM "${t}" x ORDER BY ${order}`);
      const hash = crypto.createHash('sha256');
      for (const r of rows.rows) hash.update(r.row).update('\n');
      out[t] = { rows: rows.rows.length, sha256: hash.digest('hex') };
    }
    return out;
  } finally {
    await database.close();
  }
}

after(cleanup);

describe('gongkai backup and restore', () => {
  const source = freshDir();
  const restored = freshDir();
  const work = freshDir();
  const archive = path.join(work, 'demo-backup.gz');
  let original: Record<string, { rows: number; sha256: string }> = {};

  before(async () => {
    await loadDemo(source);
  });

  it('writes one archive of the demo data', async () => {
    const r = await gk(['backup', archive], source);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Backup written to .*demo-backup\.gz \(\d+ rows in \d+ tables\)\./);
    assert.ok(fs.statSync(archive).size > 1000);
    assert.deepEqual(
      fs.readdirSync(work).filter((f) => f.includes('.partial')),
      [],
      'no temporary file left',
    );
  });

  it('restores it into a new, empty data folder and verifies the audit chain', async () => {
    const r = await gk(['restore', archive], restored);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Restored .*demo-backup\.gz\. 留痕链完整：已校验 \d+ 条记录。Audit chain intact/);
    const v = await gk(['audit', 'verify'], restored);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /留痕链完整/);
  });

  it('gives the same rows in every table', async () => {
    const [a, b] = await Promise.all([snapshot(source), snapshot(restored)]);
    original = a;
    for (const t of ['organisations', 'users', 'role_grants', 'audit_entries', 'audit_head', 'app_settings']) {
      assert.ok(a[t], `table ${t} is compared`);
      assert.ok(a[t].rows > 0, `the demo has rows in ${t}`);
    }
    assert.deepEqual(b, a);
  });

  it('refuses to restore into a database that is not empty', async () => {
    const r = await gk(['restore', archive], restored);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /目标数据库不是空的/);
    assert.match(r.stderr, /not empty/);
    assert.deepEqual(await snapshot(restored), original, 'the target is unchanged');
  });

  describe('a truncated archive', () => {
    const target = freshDir();

    it('is refused when the file is cut short', async () => {
      const bytes = fs.readFileSync(archive);
      const cut = path.join(work, 'cut.gz');
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const r = await gk(['restore', cut], target);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /gongkai restore: /);
      assert.doesNotMatch(r.stdout, /Restored/);
    });

    it('is refused when whole tables are missing at the end', async () => {
      // A well-formed gzip of the archive's first lines, ending just after one table's rows.
      const lines = zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n');
      const ends = lines.flatMap((l, i) => (l === '\\.' ? [i] : []));
      assert.ok(ends.length > 3);
      const partial = path.join(work, 'partial.gz');
      fs.writeFileSync(partial, zlib.gzipSync(`${lines.slice(0, ends[Math.floor(ends.length / 2)]! + 1).join('\n')}\n`));
      const r = await gk(['restore', partial], target);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /备份文件不完整|truncated/);
    });

    it('leaves the target database empty', async () => {
      const s = await snapshot(target);
      assert.deepEqual(Object.keys(s).sort(), Object.keys(original).sort(), 'the schema is in place');
      // Only the reference data migrations load (22 topics, 121 sub-topics, 25 genres; ten 职权类别) is there.
      const loaded: Record<string, number> = { taxonomy_terms: 168, power_categories: 10 };
      for (const [t, v] of Object.entries(s)) assert.equal(v.rows, loaded[t] ?? 0, `${t} holds only what the migrations load`);
    });
  });
});
