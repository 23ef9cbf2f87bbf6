import crypto from 'node:crypto';
import pg from 'pg';
import { createKysely, type Database } from '../src/platform/db/database.js';

/** A fresh database for one test file, cloned from the migrated template (fast, isolated). */
export interface TestDatabase {
  db: Database;
  pool: pg.Pool;
  url: string;
  name: string;
  /** Runs SQL as the server's superuser on this database (for tampering tests). */
  superQuery(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/** Creates a database from the template prepared by test/run.ts. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Database tests run through `npm test` (test/run.ts), which provides the server.');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Template cloning fails if another session is connected to the template; retry briefly.
  for (let i = 0; ; i++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (i > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const { db, pool } = createKysely(url, 5);
  return {
    db,
    pool,
    url,
    name,
    superQuery: (text, params) => pool.query(text, params as unknown[]),
    async drop() {
      await db.destroy();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
