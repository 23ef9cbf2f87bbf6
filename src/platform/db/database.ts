import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrations } from '../../../migrations/index.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { acquireDirLock, type DirLock } from './lock.js';
import type { DB } from './schema.js';

/** The application's database handle. */
export type Database = Kysely<DB>;
/** A transaction; services pass it to repositories explicitly. */
export type Tx = Transaction<DB>;
/** Either the database or a transaction: what repositories accept. */
export type Executor = Kysely<DB> | Transaction<DB>;

// bigint columns come back as strings (ids); counts are cast in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Civil dates stay `YYYY-MM-DD` strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** Builds a Kysely instance over a pg Pool. */
export function createKysely(url: string, max = 10): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return { db, pool };
}

/** Migrator over the project's static list of migrations. */
export function createMigrator(db: Database): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function migrationsCurrent(db: Database): Promise<boolean> {
  const all = await createMigrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

/** An open database: a pool, and the embedded server and lock when one was started. */
export interface OpenDatabase {
  db: Database;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the external database at `databaseUrl`, or locks `dataDir` and starts the embedded server
 * there. `close()` ends the pool, stops the server and releases the lock.
 */
export async function openDatabase(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  log?: (line: string) => void;
  poolSize?: number;
}): Promise<OpenDatabase> {
  let lock: DirLock | undefined;
  let server: EmbeddedServer | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    lock = acquireDirLock(opts.dataDir);
    try {
      server = await startEmbedded({ clusterDir: path.join(opts.dataDir, 'pg'), ...(opts.log ? { log: opts.log } : {}) });
    } catch (err) {
      lock.release();
      throw err;
    }
    url = server.url;
  }
  const { db, pool } = createKysely(url, opts.poolSize ?? 10);
  let closed = false;
  return {
    db,
    pool,
    url,
    embedded: server !== undefined,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await server?.stop();
      lock?.release();
    },
  };
}
